// The text flow exports Sightline recognises, in the order a SOC lead is likely to hand them
// over (docs/ANCHORS.md#flow-exports). Each sniffer looks at content only and refuses the others' files, so
// the order matters only for the registry's listing.
import type { FlowFormat } from '../format';
import { nfdumpCsvFormat } from './nfdump-csv';
import { nfdumpJsonFormat } from './nfdump-json';
import { suricataEveFormat } from './suricata-eve';
import { vpcFlowFormat } from './vpc-flow';
import { zeekConnFormat } from './zeek-conn';
import { zeekDnsFormat } from './zeek-dns';

export const textFlowFormats: FlowFormat[] = [nfdumpCsvFormat, zeekConnFormat, vpcFlowFormat, nfdumpJsonFormat, suricataEveFormat, zeekDnsFormat];
