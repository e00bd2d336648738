// Allocator settings for the command-line tool (see tuneAllocator in GAISCommand).
#include "GAISKernels.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void gais_keep_freed_blocks(long largest, long trimAbove) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, (int)largest);
    mallopt(M_TRIM_THRESHOLD, (int)trimAbove);
#else
    (void)largest;
    (void)trimAbove;
#endif
}
