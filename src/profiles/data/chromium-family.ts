/**
 * Chromium-based profiles (Chrome, Edge, Opera), oldest first. Identifiers that are the same
 * browser on the wire are aliases of one profile (tls-client's `_PSK` names: every Chrome profile
 * here sends pre_shared_key when it resumes), never a second file.
 */
import type { Profile } from '../types.js';
import { chrome103 } from './chrome_103.js';
import { chrome104 } from './chrome_104.js';
import { chrome105 } from './chrome_105.js';
import { chrome106 } from './chrome_106.js';
import { chrome107 } from './chrome_107.js';
import { chrome108 } from './chrome_108.js';
import { chrome109 } from './chrome_109.js';
import { chrome110 } from './chrome_110.js';
import { chrome111 } from './chrome_111.js';
import { chrome112 } from './chrome_112.js';
import { chrome116 } from './chrome_116.js';
import { chrome116PQ } from './chrome_116_PQ.js';
import { chrome117 } from './chrome_117.js';
import { chrome120 } from './chrome_120.js';
import { chrome124 } from './chrome_124.js';
import { chrome130 } from './chrome_130.js';
import { chrome131 } from './chrome_131.js';
import { chrome133 } from './chrome_133.js';
import { chrome144 } from './chrome_144.js';
import { chrome146 } from './chrome_146.js';
import { chrome149 } from './chrome_149.js';
import { chrome150 } from './chrome_150.js';
import { chrome156 } from './chrome_156.js';
import { edge101 } from './edge_101.js';
import { edge120 } from './edge_120.js';
import { edge131 } from './edge_131.js';
import { opera89 } from './opera_89.js';
import { opera90 } from './opera_90.js';
import { opera91 } from './opera_91.js';

export const chromiumFamily: readonly Profile[] = [
  chrome103,
  chrome104,
  chrome105,
  chrome106,
  chrome107,
  chrome108,
  chrome109,
  chrome110,
  chrome111,
  chrome112,
  chrome116,
  chrome116PQ,
  chrome117,
  chrome120,
  chrome124,
  chrome130,
  chrome131,
  chrome133,
  chrome144,
  chrome146,
  chrome149,
  chrome150,
  chrome156,
  edge101,
  edge120,
  edge131,
  opera89,
  opera90,
  opera91,
];
