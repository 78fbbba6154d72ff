import type { Connection } from '@plaza/subgraph-kit';
import type { ExternalRequestRecord } from './external-request.repository.ts';

export type {
  ExternalRequestRecord as ExternalRequestMapper,
  ExternalRequestAttachmentRecord as ExternalRequestAttachmentMapper,
  ExternalRequestSourceRecord as ExternalRequestSourceMapper,
} from './external-request.repository.ts';
export type ExternalRequestConnectionMapper = Connection<ExternalRequestRecord>;
