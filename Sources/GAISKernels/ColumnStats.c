#include "GAISKernels.h"
#include "VectorClones.h"
#include <math.h>
#include <string.h>

typedef double gais_v8d __attribute__((vector_size(64)));
typedef long long gais_v8l __attribute__((vector_size(64)));

// Rows per sweep of a column block: 512 rows of 50 floats are 100 KB, so the later column
// blocks of a sweep find the rows in level 2.
enum { GAIS_SUMMARY_ROWS = 512 };

// The low and high eight lanes of a 32-bit lane mask as 64-bit lane masks (−1 stays −1).
#define GAIS_WIDEN_LOW(m) __builtin_convertvector(__builtin_shufflevector(m, m, 0, 1, 2, 3, 4, 5, 6, 7), gais_v8l)
#define GAIS_WIDEN_HIGH(m) __builtin_convertvector(__builtin_shufflevector(m, m, 8, 9, 10, 11, 12, 13, 14, 15), gais_v8l)

GAIS_FLOAT_CLONES
void gais_fold_column_stats(const float *values, long columns, long rows, const int32_t *numeric,
                           float *lo, float *hi, double *sum, int64_t *count) {
    for (long r0 = 0; r0 < rows; r0 += GAIS_SUMMARY_ROWS) {
        const long r1 = rows - r0 < GAIS_SUMMARY_ROWS ? rows : r0 + GAIS_SUMMARY_ROWS;
        for (long j0 = 0; j0 < columns; j0 += 16) {
            const long width = columns - j0 < 16 ? columns - j0 : 16;
            float loLanes[16], hiLanes[16];
            double sumLanes[16];
            int used[16];
            for (long l = 0; l < 16; l++) {
                const int real = l < width && numeric[j0 + l] != 0;
                used[l] = real ? -1 : 0;
                loLanes[l] = real ? lo[j0 + l] : 0;
                hiLanes[l] = real ? hi[j0 + l] : 0;
                sumLanes[l] = real ? sum[j0 + l] : 0;
            }
            gais_v16f vlo, vhi;
            gais_v16i columnMask, counted = {0};
            gais_v8d sumLow, sumHigh;
            memcpy(&vlo, loLanes, sizeof vlo);
            memcpy(&vhi, hiLanes, sizeof vhi);
            memcpy(&columnMask, used, sizeof columnMask);
            memcpy(&sumLow, sumLanes, sizeof sumLow);
            memcpy(&sumHigh, sumLanes + 8, sizeof sumHigh);
            for (long r = r0; r < r1; r++) {
                gais_v16f x;
                if (width == 16) {
                    memcpy(&x, values + r * columns + j0, sizeof x);
                } else {
                    float lanes[16] = {0};
                    memcpy(lanes, values + r * columns + j0, (size_t)width * sizeof(float));
                    memcpy(&x, lanes, sizeof x);
                }
                // A lane counts when its column is numeric and its value is not NaN (x == x).
                const gais_v16i valid = (x == x) & columnMask;
                // Swift.min(lo, x) is x < lo ? x : lo; Swift.max(hi, x) is x >= hi ? x : hi.
                const gais_v16i lower = (x < vlo) & valid;
                const gais_v16i higher = (x >= vhi) & valid;
                vlo = (gais_v16f)(((gais_v16i)x & lower) | ((gais_v16i)vlo & ~lower));
                vhi = (gais_v16f)(((gais_v16i)x & higher) | ((gais_v16i)vhi & ~higher));
                counted = counted - valid;
                const gais_v8d xLow = __builtin_convertvector(
                    __builtin_shufflevector(x, x, 0, 1, 2, 3, 4, 5, 6, 7), gais_v8d);
                const gais_v8d xHigh = __builtin_convertvector(
                    __builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15), gais_v8d);
                const gais_v8l keepLow = GAIS_WIDEN_LOW(valid), keepHigh = GAIS_WIDEN_HIGH(valid);
                sumLow = (gais_v8d)(((gais_v8l)(sumLow + xLow) & keepLow) | ((gais_v8l)sumLow & ~keepLow));
                sumHigh = (gais_v8d)(((gais_v8l)(sumHigh + xHigh) & keepHigh) | ((gais_v8l)sumHigh & ~keepHigh));
            }
            memcpy(loLanes, &vlo, sizeof vlo);
            memcpy(hiLanes, &vhi, sizeof vhi);
            memcpy(sumLanes, &sumLow, sizeof sumLow);
            memcpy(sumLanes + 8, &sumHigh, sizeof sumHigh);
            memcpy(used, &counted, sizeof counted);
            for (long l = 0; l < width; l++) {
                if (numeric[j0 + l] == 0) continue;
                lo[j0 + l] = loLanes[l];
                hi[j0 + l] = hiLanes[l];
                sum[j0 + l] = sumLanes[l];
                count[j0 + l] += used[l];
            }
        }
    }
}

// k-means's per-cluster sums: the same kind of fold (float values into Double sums, each sum
// in row order), by cluster instead of by column.
GAIS_FLOAT_CLONES
void gais_cluster_sums(const float *points, const int64_t *assignments, long count, long dimension,
                       double *sums) {
    for (long i = 0; i < count; i++) {
        double *sum = sums + assignments[i] * dimension;
        const float *point = points + i * dimension;
        long j = 0;
        for (; j + 8 <= dimension; j += 8) {
            gais_v8f x;
            gais_v8d s;
            memcpy(&x, point + j, sizeof x);
            memcpy(&s, sum + j, sizeof s);
            s = s + __builtin_convertvector(x, gais_v8d);
            memcpy(sum + j, &s, sizeof s);
        }
        for (; j < dimension; j++) sum[j] = sum[j] + (double)point[j];
    }
}
