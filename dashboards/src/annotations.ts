import { AnnotationQueryBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS } from './datasources.js';

/**
 * When each fault was on, as annotations on every time panel: a mock fault (mock_faults_active, from each mock's
 * fault engine) and a Toxiproxy toxic (toxiproxy_toxic_active, from the lab runner's toxics exporter, which reads
 * Toxiproxy's API at each scrape). Grafana draws a region for as long as the series is 1.
 */
export const MOCK_FAULTS_EXPR = 'sum by (service, type, family, route) (mock_faults_active) > 0';
export const TOXICS_EXPR = 'sum by (proxy, toxic, type, stream) (toxiproxy_toxic_active) > 0';

export function faultAnnotations(): AnnotationQueryBuilder[] {
  return [
    new AnnotationQueryBuilder()
      .name('Mock faults')
      .datasource(PROMETHEUS)
      .enable(true)
      .iconColor('red')
      .expr(MOCK_FAULTS_EXPR)
      .step('5s')
      .titleFormat('{{service}}: {{type}}')
      .textFormat('family {{family}} route {{route}}')
      .tagKeys('service,type'),
    new AnnotationQueryBuilder()
      .name('Toxiproxy toxics')
      .datasource(PROMETHEUS)
      .enable(true)
      .iconColor('orange')
      .expr(TOXICS_EXPR)
      .step('5s')
      .titleFormat('{{proxy}}: {{type}}')
      .textFormat('toxic {{toxic}} on the {{stream}} stream')
      .tagKeys('proxy,type'),
  ];
}
