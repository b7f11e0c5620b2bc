/** Shapes of the Genesys resources the mock serves (only the fields the mock fills). */
export interface Queue {
  id: string;
  name: string;
  division: { id: string; name: string; selfUri: string };
  memberCount: number;
  dateCreated: string;
  selfUri: string;
}

export interface User {
  id: string;
  name: string;
  email: string;
  state: 'active';
  division: { id: string; name: string; selfUri: string };
  title: string;
  queueIds: string[];
  selfUri: string;
}

export interface AnalyticsSegment {
  segmentStart: string;
  /** Absent while the segment is still going on (a live conversation). */
  segmentEnd?: string;
  segmentType: 'alert' | 'interact' | 'hold' | 'wrapup' | 'ivr' | 'system';
  queueId?: string;
  disconnectType?: 'client' | 'peer' | 'endpoint' | 'system';
  wrapUpCode?: string;
}

export interface AnalyticsSession {
  sessionId: string;
  mediaType: 'voice' | 'chat' | 'email' | 'message' | 'callback';
  direction: 'inbound' | 'outbound';
  ani: string;
  dnis: string;
  metrics: { name: string; value: number; emitDate: string }[];
  segments: AnalyticsSegment[];
}

export interface AnalyticsParticipant {
  participantId: string;
  participantName: string;
  purpose: 'customer' | 'ivr' | 'acd' | 'agent';
  userId?: string;
  sessions: AnalyticsSession[];
}

export interface AnalyticsConversation {
  conversationId: string;
  conversationStart: string;
  /** Absent while the conversation is still going on (a live conversation). */
  conversationEnd?: string;
  originatingDirection: 'inbound' | 'outbound';
  divisionIds: string[];
  participants: AnalyticsParticipant[];
}

export interface BusinessUnit {
  id: string;
  name: string;
  division: { id: string; selfUri: string };
  selfUri: string;
  userIds: string[];
}
