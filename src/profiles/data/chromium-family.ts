/** Chromium-based profiles (Chrome, Edge, Opera, and the app stacks built on Chromium). */
import type { Profile } from '../types.js';
import { chrome156 } from './chrome_156.js';

export const chromiumFamily: readonly Profile[] = [chrome156];
