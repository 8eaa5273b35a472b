/** Profiles of the other engines: Firefox (NSS), Safari (Apple's TLS), OkHttp (Android), app stacks. */
import type { Profile } from '../types.js';
import { firefox153 } from './firefox_153.js';

export const otherFamilies: readonly Profile[] = [firefox153];
