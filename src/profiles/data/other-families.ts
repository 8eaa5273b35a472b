/** Profiles of the other engines: Firefox (NSS), Safari (Apple's TLS), OkHttp (Android), app stacks. */
import type { Profile } from '../types.js';
import { confirmedAndroid } from './confirmed_android.js';
import { confirmedAndroid2 } from './confirmed_android_2.js';
import { firefox102 } from './firefox_102.js';
import { firefox104 } from './firefox_104.js';
import { firefox105 } from './firefox_105.js';
import { firefox106 } from './firefox_106.js';
import { firefox108 } from './firefox_108.js';
import { firefox110 } from './firefox_110.js';
import { firefox117 } from './firefox_117.js';
import { firefox120 } from './firefox_120.js';
import { firefox123 } from './firefox_123.js';
import { firefox132 } from './firefox_132.js';
import { firefox133 } from './firefox_133.js';
import { firefox135 } from './firefox_135.js';
import { firefox147 } from './firefox_147.js';
import { firefox153 } from './firefox_153.js';
import { meshAndroid } from './mesh_android.js';
import { meshAndroid2 } from './mesh_android_2.js';
import { meshIos } from './mesh_ios.js';
import { meshIos2 } from './mesh_ios_2.js';
import { mmsIos } from './mms_ios.js';
import { mmsIos2 } from './mms_ios_2.js';
import { mmsIos3 } from './mms_ios_3.js';
import { nikeAndroidMobile } from './nike_android_mobile.js';
import { nikeIosMobile } from './nike_ios_mobile.js';
import { okhttp4Android13 } from './okhttp4_android_13.js';
import { okhttp4Android7 } from './okhttp4_android_7.js';
import { okhttp4Android8 } from './okhttp4_android_8.js';
import { okhttp4Android9 } from './okhttp4_android_9.js';
import { safari1561 } from './safari_15_6_1.js';
import { safari160 } from './safari_16_0.js';
import { safari180 } from './safari_18_0.js';
import { safariIos155 } from './safari_ios_15_5.js';
import { safariIos156 } from './safari_ios_15_6.js';
import { safariIos160 } from './safari_ios_16_0.js';
import { safariIos170 } from './safari_ios_17_0.js';
import { safariIos180 } from './safari_ios_18_0.js';
import { safariIos185 } from './safari_ios_18_5.js';
import { safariIos260 } from './safari_ios_26_0.js';
import { safariIpad156 } from './safari_ipad_15_6.js';
import { zalandoAndroidMobile } from './zalando_android_mobile.js';
import { zalandoIosMobile } from './zalando_ios_mobile.js';

export const otherFamilies: readonly Profile[] = [
  // Firefox (NSS)
  firefox102,
  firefox104,
  firefox105,
  firefox106,
  firefox108,
  firefox110,
  firefox117,
  firefox120,
  firefox123,
  firefox132,
  firefox133,
  firefox135,
  firefox147,
  firefox153,
  // Safari (Apple's BoringSSL-derived stack)
  safari1561,
  safari160,
  safari180,
  safariIpad156,
  safariIos155,
  safariIos156,
  safariIos160,
  safariIos170,
  safariIos180,
  safariIos185,
  safariIos260,
  // OkHttp (Android, Conscrypt)
  okhttp4Android7,
  okhttp4Android8,
  okhttp4Android9,
  okhttp4Android13,
  // App stacks from tls-client, each on the engine it imitates (see its source)
  zalandoAndroidMobile,
  zalandoIosMobile,
  nikeAndroidMobile,
  nikeIosMobile,
  mmsIos,
  mmsIos2,
  mmsIos3,
  meshAndroid,
  meshAndroid2,
  meshIos,
  meshIos2,
  confirmedAndroid,
  confirmedAndroid2,
];
