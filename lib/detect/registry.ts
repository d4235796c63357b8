// Every detector, and the thresholds in force for an assessment.
import type { Settings } from '../settings';
import { accountCreation } from './logs/account-creation';
import { archiveStaging } from './logs/archive-staging';
import { authorizedKeys } from './logs/authorized-keys';
import { commandBeacon } from './logs/command-beacon';
import { cronChange } from './logs/cron-change';
import { databaseDump } from './logs/database-dump';
import { externalConnect } from './logs/external-connect';
import { firewallDropScan } from './logs/firewall-drop-scan';
import { ftpBulkDownload } from './logs/ftp-bulk-download';
import { ftpExternalLogin } from './logs/ftp-external-login';
import { ftpPasswordGuessing } from './logs/ftp-password-guessing';
import { historyClear } from './logs/history-clear';
import { indicatorRemoval } from './logs/indicator-removal';
import { kernelModule } from './logs/kernel-module';
import { ldPreload } from './logs/ld-preload';
import { newSourceLogin } from './logs/new-source-login';
import { plantedKeyLogin } from './logs/planted-key-login';
import { privilegeEscalation } from './logs/privilege-escalation';
import { remoteStaging } from './logs/remote-staging';
import { reverseShell } from './logs/reverse-shell';
import { sensitiveFileRead } from './logs/sensitive-file-read';
import { sshBruteforceSuccess } from './logs/ssh-bruteforce-success';
import { sshKeyLogin } from './logs/ssh-key-login';
import { sshLateralClient } from './logs/ssh-lateral-client';
import { sshPasswordGuessing } from './logs/ssh-password-guessing';
import { sshProbe } from './logs/ssh-probe';
import { systemdUnit } from './logs/systemd-unit';
import { toolDownload } from './logs/tool-download';
import { toolUpload } from './logs/tool-upload';
import { unusualListener } from './logs/unusual-listener';
import { webErrorBurst } from './logs/web-error-burst';
import { webExploitRequest } from './logs/web-exploit-request';
import { webScannerUa } from './logs/web-scanner-ua';
import { webServerExec } from './logs/web-server-exec';
import { webshellCallout } from './logs/webshell-callout';
import { authBruteforce } from './network/auth-bruteforce';
import { beaconing } from './network/beaconing';
import { chunkedTransfer } from './network/chunked-transfer';
import { dnsTunnel } from './network/dns-tunnel';
import { dnsTunnelNames } from './network/dns-tunnel-names';
import { exfilRatio } from './network/exfil-ratio';
import { exfilRelative } from './network/exfil-relative';
import { exploitCallback } from './network/exploit-callback';
import { exposedService } from './network/exposed-service';
import { icmpExfil } from './network/icmp-exfil';
import { idsAlert } from './network/ids-alert';
import { ingressTransfer } from './network/ingress-transfer';
import { largeOutbound } from './network/large-outbound';
import { lateralMovement } from './network/lateral-movement';
import { longConnection } from './network/long-connection';
import { externalScan } from './network/scan-external';
import { internalScan } from './network/scan-internal';
import { webProbe } from './network/web-probe';
import type { Detector } from './types';

/** In kill-chain order within each source, so the detectors page reads like the chain. */
export const detectors: readonly Detector[] = [
  // network
  externalScan,
  webProbe,
  authBruteforce,
  exposedService,
  idsAlert,
  ingressTransfer,
  exploitCallback,
  internalScan,
  lateralMovement,
  beaconing,
  longConnection,
  dnsTunnel,
  dnsTunnelNames,
  exfilRatio,
  exfilRelative,
  largeOutbound,
  icmpExfil,
  chunkedTransfer,
  // logs
  sshProbe,
  webScannerUa,
  webErrorBurst,
  firewallDropScan,
  toolDownload,
  webExploitRequest,
  newSourceLogin,
  sshBruteforceSuccess,
  ftpExternalLogin,
  sshPasswordGuessing,
  ftpPasswordGuessing,
  webServerExec,
  reverseShell,
  privilegeEscalation,
  sensitiveFileRead,
  databaseDump,
  archiveStaging,
  remoteStaging,
  historyClear,
  indicatorRemoval,
  sshKeyLogin,
  plantedKeyLogin,
  sshLateralClient,
  accountCreation,
  cronChange,
  systemdUnit,
  webshellCallout,
  authorizedKeys,
  ldPreload,
  kernelModule,
  commandBeacon,
  externalConnect,
  unusualListener,
  toolUpload,
  ftpBulkDownload,
];

/** Defaults merged with the assessment's overrides; `enabled` (1/0) is a pseudo-threshold. */
export function thresholdsFor(detector: Detector, settings: Settings): Record<string, number> {
  const out: Record<string, number> = { enabled: 1 };
  for (const [k, spec] of Object.entries(detector.thresholds)) out[k] = spec.default;
  return { ...out, ...(settings.detectors[detector.id] ?? {}) };
}
