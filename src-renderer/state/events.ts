/**
 * The owner's events, for components that follow one while they are shown. Components subscribe here
 * rather than import the bridge: data and the connection stay the state layer's business.
 */
export { on } from '../bridge.js';
