// The live family's dispatch: channels, uploaders, viewers, pulled streams.

import type { State } from '../state';
import type { LiveEvent } from '../events';
import type { DecisionSettings } from '../settings';
import type { Decision } from '../decision';
import { decideCreate, decideEndChannel, decideSetUploader } from './decide-channel';
import { decideApplyUpload, decideProxyApplyUpload, decideUploaderDisconnect, decideUploading } from './decide-upload';
import { decideOffline, decidePlaying, decideViewerJoin } from './decide-viewer';
import { decideQueryChannelList } from './decide-query';

export function decideLive(state: State, event: LiveEvent, now: number, settings: DecisionSettings): Decision {
  switch (event.kind) {
    case 'createChannel':
      return decideCreate(state, event, now, settings);
    case 'applyUpload':
      return decideApplyUpload(state, event, now, settings);
    case 'setUploader':
    case 'unsetUploader':
      return decideSetUploader(state, event, now, settings);
    case 'uploaderUploading':
      return decideUploading(state, event, now, settings);
    case 'uploaderDisconnect':
      return decideUploaderDisconnect(state, event, now);
    case 'closeChannel':
    case 'deleteChannel':
    case 'proxyCloseChannel':
    case 'proxyDeleteChannel':
      return decideEndChannel(state, event, now);
    case 'proxyApplyUpload':
      return decideProxyApplyUpload(state, event, now, settings);
    case 'userOnline':
    case 'applyDownload':
      return decideViewerJoin(state, event, now, settings);
    case 'userPlaying':
      return decidePlaying(state, event, now, settings);
    case 'userOffline':
      return decideOffline(state, event, now, settings);
    case 'queryChannelList':
      return decideQueryChannelList(state, event);
  }
}
