// Flow points: the numbered steps of the seed's diagram, recognised in packet traces.
export interface FlowEvent {
  point: number;
  pod: string;
  /** table/chain/rule that realised the step, when a rule did */
  table?: string;
  chain?: string;
  rule?: number;
  text: string;
  packet: number;
}
