// Sentences the server and the dashboard both say to the operator, so they never disagree.

/** Why a close, kick or ban is not instant: the media server has no admin API. */
export const TAKES_UP_TO_A_MINUTE = 'the media server is told at its next once-a-minute report; this takes up to a minute';
