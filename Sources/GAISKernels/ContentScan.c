// The reader's content check (ContentCheck.validate): whether a block of the file holds a NUL
// byte or a byte above 0x7F, found with vector OR and minimum reductions (one pass, no branch per
// word; BENCHMARKS.md, "Scaling").

#include "GAISKernels.h"

#if defined(__x86_64__) && defined(__linux__)
#define GAIS_CONTENT_CLONES __attribute__((target_clones("avx512bw", "arch=x86-64-v3", "default")))
#else
#define GAIS_CONTENT_CLONES
#endif

GAIS_CONTENT_CLONES int gais_scan_content(const uint8_t *bytes, long count) {
    uint8_t any = 0, smallest = 0xFF;
    for (long i = 0; i < count; i++) {
        const uint8_t b = bytes[i];
        any |= b;
        smallest = b < smallest ? b : smallest;
    }
    return (smallest == 0 ? 1 : 0) | ((any & 0x80) ? 2 : 0);
}
