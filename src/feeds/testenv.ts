// Imported first by the feeds tests. msw keeps one listener per mock WebSocket
// connection on a shared BroadcastChannel until the connection closes, but for
// a connection closed before it opened (our "refused" venues) it registers the
// close handler too late and the listener stays: harmless here, yet Node warns
// past 10. Node reads the threshold when msw creates the channel, so this runs
// before msw loads.
import { EventEmitter } from 'node:events';

EventEmitter.defaultMaxListeners = Math.max(EventEmitter.defaultMaxListeners, 100);
