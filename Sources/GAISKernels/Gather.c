#include "GAISKernels.h"
#include <string.h>

// How many rows ahead the gather asks for: far enough that a row's DRAM misses (four or five
// lines of 64 bytes for 50 features) have landed when it is copied, near enough that the rows
// in flight stay within the core's outstanding-miss queue. The hint fills the level-2 cache,
// not level 1: a level-1 prefetch waits for one of the few level-1 fill buffers and stalled the
// gather at 10M rows (BENCHMARKS.md, "Scaling, fifth stop").
enum { GAIS_GATHER_AHEAD = 16 };

static inline void prefetch_row_l2(const char *start, long bytes) {
    for (long offset = 0; offset < bytes; offset += 64) __builtin_prefetch(start + offset, 0, 2);
    __builtin_prefetch(start + bytes - 1, 0, 2);
}

#define GAIS_DEFINE_GATHER(name, index_type)                                                     \
    void name(const float *matrix, const index_type *rows, long count, long dimension,           \
              float *out) {                                                                      \
        const long bytes = dimension * (long)sizeof(float);                                      \
        if (bytes <= 0) return;                                                                  \
        for (long p = 0; p < count; p++) {                                                       \
            if (p + GAIS_GATHER_AHEAD < count)                                                   \
                prefetch_row_l2((const char *)(matrix + (long)rows[p + GAIS_GATHER_AHEAD] * dimension), \
                                bytes);                                                          \
            memcpy(out + p * dimension, matrix + (long)rows[p] * dimension, (size_t)bytes);      \
        }                                                                                        \
    }

GAIS_DEFINE_GATHER(gais_gather_rows32, int32_t)
GAIS_DEFINE_GATHER(gais_gather_rows64, int64_t)
