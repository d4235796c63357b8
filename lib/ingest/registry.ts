// Every format Sightline reads. Sniffing considers them all: a file is read as what its
// content is, whichever upload field it came through (the result names the format found).
import { binaryFlowFormats } from './flows/binary-formats';
import { textFlowFormats } from './flows/text-formats';
import { auditFormats } from './logs/audit-formats';
import { serviceLogFormats } from './logs/service-formats';
import { shellHistoryFormat } from './logs/shell-history';
import { syslogFormats } from './logs/syslog-formats';
import type { AnyFormat } from './sniff';

export const allFormats: readonly AnyFormat[] = [
  ...textFlowFormats,
  ...binaryFlowFormats,
  ...syslogFormats,
  ...auditFormats,
  ...serviceLogFormats,
  shellHistoryFormat,
];
