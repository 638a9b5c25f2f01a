// The simulator's side of the consumer check: an unusable "1" is an error, as on 2.9.6.

import { consumerProblem } from '../protocol/reply-consumers';
import type { Answer } from './wire';

/** The answer as the action's consumer sees it: an unusable "1" becomes an error. */
export function consumedAnswer(action: string, answer: Answer): Answer {
  if (answer.kind !== 'allow') return answer;
  const problem = consumerProblem(action, answer.data);
  return problem === null ? answer : { kind: 'error', message: `${action}: ${problem}, got ${JSON.stringify(answer.data)}` };
}
