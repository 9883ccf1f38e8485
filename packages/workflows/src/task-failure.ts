import { ArtifactWriteError, ConfigError, DataError, UsageError } from '@mml/core';

/**
 * An error thrown on a worker thread reaches the main thread through a structured clone, which
 * keeps only the message of a custom error: a ConfigError became a plain Error, and the CLI then
 * printed a stack trace for a user's bad config. Workers therefore return their error as data, and
 * the pool throws it again with its class, message and fields.
 */
export interface TaskFailure {
  taskFailure: true;
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
}

export function taskFailure(error: unknown): TaskFailure {
  if (!(error instanceof Error)) return { taskFailure: true, name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const key of ['key', 'source', 'row', 'field', 'path', 'code', 'detail']) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value !== undefined && (typeof value === 'string' || typeof value === 'number')) fields[key] = value;
  }
  return { taskFailure: true, name: error.name, message: error.message, stack: error.stack, fields };
}

export function isTaskFailure(value: unknown): value is TaskFailure {
  return typeof value === 'object' && value !== null && (value as TaskFailure).taskFailure === true && typeof (value as TaskFailure).message === 'string';
}

const CLASSES: Record<string, new (...args: never[]) => Error> = {
  ConfigError: ConfigError as never,
  DataError: DataError as never,
  UsageError: UsageError as never,
  ArtifactWriteError: ArtifactWriteError as never,
  RangeError,
  TypeError,
};

/** The error again, as an instance of its original class when it is one of ours or a standard one. */
export function reviveTaskError(failure: TaskFailure): Error {
  const Class = CLASSES[failure.name] ?? Error;
  const error = Object.create(Class.prototype) as Error;
  Object.assign(error, failure.fields);
  Object.defineProperty(error, 'message', { value: failure.message, writable: true, configurable: true });
  Object.defineProperty(error, 'name', { value: failure.name, writable: true, configurable: true });
  Object.defineProperty(error, 'stack', { value: `${failure.stack ?? `${failure.name}: ${failure.message}`}\n    (on a worker thread)`, writable: true, configurable: true });
  return error;
}
