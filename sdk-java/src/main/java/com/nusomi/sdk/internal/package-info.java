/** Implementation details of the SDK (JSON binding, the SSE parser); not API, may change in any release. */
package com.nusomi.sdk.internal;
