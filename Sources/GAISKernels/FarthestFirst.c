// One step of the farthest-first traversal (KCenterSelector): every row's squared distance to
// the newest centre, summed in dimension order (SquaredDistance.inOrder's bits: one SIMD lane
// per row, so each lane performs that loop's subtractions, products and sums in its order),
// folded into the row's distance to its nearest centre, and the row now farthest from all
// centres (ties to the smaller row). Rows are stored feature-major, sixteen to a lane group.
#include "GAISKernels.h"
#include "VectorClones.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpsabi"

// Folds one lane group's new distances into `nearest` and the running farthest rows.
static inline __attribute__((always_inline)) void gais_farthest_fold(const gais_v16f *sum, float *nearest, long block,
                                                                     gais_v16f *largest, gais_v16i *where) {
    const gais_v16i lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    gais_v16f current;
    __builtin_memcpy(&current, nearest + block, sizeof current);
    const gais_v16i closer = *sum < current;
    current = (gais_v16f)(((gais_v16i)*sum & closer) | ((gais_v16i)current & ~closer));
    __builtin_memcpy(nearest + block, &current, sizeof current);
    // Strictly larger only: each lane keeps its first row of the largest distance.
    const gais_v16i larger = current > *largest;
    *largest = (gais_v16f)(((gais_v16i)current & larger) | ((gais_v16i)*largest & ~larger));
    *where = ((lane + (int)block) & larger) | (*where & ~larger);
}

GAIS_FLOAT_CLONES long gais_farthest_first_step(const float *transposed, long stride, long dimension,
                                                   const float *centre, float *nearest, float *farthest) {
    gais_v16f largest = -INFINITY + (gais_v16f){0};
    gais_v16i where = {0};
    long block = 0;
    // Four lane groups at a time: four independent chains of sums keep the adders busy.
    for (; block + 64 <= stride; block += 64) {
        gais_v16f s0 = {0}, s1 = s0, s2 = s0, s3 = s0;
        for (long j = 0; j < dimension; j++) {
            const float *values = transposed + j * stride + block;
            gais_v16f v0, v1, v2, v3;
            __builtin_memcpy(&v0, values, sizeof v0);
            __builtin_memcpy(&v1, values + 16, sizeof v1);
            __builtin_memcpy(&v2, values + 32, sizeof v2);
            __builtin_memcpy(&v3, values + 48, sizeof v3);
            const gais_v16f d0 = centre[j] - v0, d1 = centre[j] - v1, d2 = centre[j] - v2,
                                   d3 = centre[j] - v3;
            s0 = s0 + d0 * d0;
            s1 = s1 + d1 * d1;
            s2 = s2 + d2 * d2;
            s3 = s3 + d3 * d3;
        }
        gais_farthest_fold(&s0, nearest, block, &largest, &where);
        gais_farthest_fold(&s1, nearest, block + 16, &largest, &where);
        gais_farthest_fold(&s2, nearest, block + 32, &largest, &where);
        gais_farthest_fold(&s3, nearest, block + 48, &largest, &where);
    }
    for (; block < stride; block += 16) {
        gais_v16f sum = {0};
        for (long j = 0; j < dimension; j++) {
            gais_v16f values;
            __builtin_memcpy(&values, transposed + j * stride + block, sizeof values);
            const gais_v16f difference = centre[j] - values;
            sum = sum + difference * difference;
        }
        gais_farthest_fold(&sum, nearest, block, &largest, &where);
    }
    float best = -INFINITY;
    long bestRow = -1;
    for (int l = 0; l < 16; l++) {
        if (largest[l] > best || (largest[l] == best && where[l] < bestRow)) {
            best = largest[l];
            bestRow = where[l];
        }
    }
    *farthest = best;
    return bestRow;
}
#pragma clang diagnostic pop
