// Opens the live stream while the dashboard's code is still downloading, so the first channel
// rows are on their way before the app starts; the app adopts this connection and replays what
// arrived meanwhile (src/api/stream.ts). Plain script, no module: it runs at once. Only for the
// channel views; every other view connects when the app starts.
(function () {
  var view = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] || 'channels';
  if (view !== 'channels' && view !== 'wall' && view !== 'channel') return;
  if (typeof EventSource === 'undefined') return;
  var url = '/api/stream?topics=channels';
  var source = new EventSource(url);
  var arrived = [];
  ['snapshot', 'channels', 'summaryChanges', 'bans', 'heartbeat', 'notice'].forEach(function (name) {
    source.addEventListener(name, function (event) {
      if (arrived) arrived.push({ name: name, data: event.data });
    });
  });
  window.__aecEarlyStream = {
    url: url,
    source: source,
    take: function () {
      var taken = arrived;
      arrived = null;
      return taken || [];
    },
  };
})();
