import type { CommandResult } from "../model/command-result.js";

/** The outcome of a command list. */
export interface CommandExecutionResult {
  outcome: "success" | "failure";
  commandResults: CommandResult[];
  /** Name of the mandatory command that failed, when `outcome` is `"failure"`. */
  failedCommandName?: string;
}

/** The outcome of one event (before any onEnter chain). */
export interface EventExecutionResult {
  outcome: "success" | "failure" | "guard-rejected";
  fromState: string;
  toState: string;
  commandResults: CommandResult[];
  rejectedBy?: string;
}

/** One hop of an onEnter chain. */
export interface OnEnterHopResult {
  fromState: string;
  toState: string;
  transitionUuid: string;
  outcome: "success" | "failure";
  commandResults: CommandResult[];
}

/** The outcome of a whole onEnter chain. */
export interface OnEnterChainResult {
  finalState: string;
  outcome: "success" | "failure";
  hops: OnEnterHopResult[];
}

/** Awaited after each hop is decided and before the next state's commands run. */
export type OnEnterHopHandler = (hop: OnEnterHopResult) => Promise<void> | void;
