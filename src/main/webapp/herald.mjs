// The ES module face of herald.js: import { Herald } from './herald.mjs'.
import './herald.js';

export const Herald = globalThis.Herald;
export default Herald;
