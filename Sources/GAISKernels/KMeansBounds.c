// Elkan's bounds for k-means' assignment step (Elkan, "Using the triangle inequality to
// accelerate k-means", ICML 2003): every point keeps a lower bound on its distance to every
// centre and an upper bound on its distance to its own, so a centre is measured only when the
// bounds cannot prove it farther. KMeans+Elkan.swift drives these kernels; the bounds'
// rounding margins are argued there.
//
// The answer is the full scan's: a centre is passed over only when it is provably *strictly*
// farther than the point's current centre, and the centres measured are compared by their
// exact squared distances (gais_distances_in_lanes, SquaredDistance.vectorised's bits) with
// ties to the smaller centre, so equal distances resolve as in a scan over all centres.
#include "GAISKernels.h"
#include <math.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

// The kernels are cloned for AVX-512 and AVX2 machines (8-lane vector arithmetic, lane by
// lane, so every clone gives the same bits).
#if defined(__x86_64__) && defined(__linux__)
#define GAIS_BOUNDS_CLONES __attribute__((target_clones("avx512f", "arch=haswell", "default")))
#else
#define GAIS_BOUNDS_CLONES
#endif
typedef float gais_bounds_f8 __attribute__((vector_size(32)));
typedef int gais_bounds_i8 __attribute__((vector_size(32)));
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpsabi"

// SquaredDistance.vectorised's sum, bit for bit (the operations of Distances.c's
// distance_scalar, eight lanes at once).
static inline __attribute__((always_inline)) float exact_squared(const float *a, const float *b, long d) {
    gais_bounds_f8 acc = {0, 0, 0, 0, 0, 0, 0, 0};
    long j = 0;
    for (; j + 8 <= d; j += 8) {
        gais_bounds_f8 x, y;
        __builtin_memcpy(&x, a + j, sizeof x);
        __builtin_memcpy(&y, b + j, sizeof y);
        const gais_bounds_f8 difference = x - y;
        acc = acc + difference * difference;
    }
    float sum = acc[0];
    for (int l = 1; l < 8; l++) sum = sum + acc[l];
    for (; j < d; j++) {
        const float difference = a[j] - b[j];
        sum = sum + difference * difference;
    }
    return sum;
}

GAIS_BOUNDS_CLONES void gais_elkan_assign(const float *points, long count, long dimension, const float *centres,
                                          long clusterCount, long stride, const float *halfBetween,
                                          const float *halfSeparation, const float *drift, float *lower,
                                          float *upper, long *assignments, float below, float above) {
    // Loosening first: (l − δ)·(1 − 2⁻²³) is below the exact l − δ however the two roundings
    // fall, and (u + δ)·(1 + 2⁻²³) above the exact u + δ, so the bounds stay bounds.
    const float down = 1.0f - 0x1p-23f, up = 1.0f + 0x1p-23f;
    const gais_bounds_f8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
    for (long i = 0; i < count; i++) {
        long a = assignments[i];
        float u = (upper[i] + drift[a]) * up;
        float *bounds = lower + i * stride;
        for (long block = 0; block < stride; block += 8) {
            gais_bounds_f8 l, move;
            __builtin_memcpy(&l, bounds + block, sizeof l);
            __builtin_memcpy(&move, drift + block, sizeof move);
            l = (l - move) * down;
            // Negative lanes (and NaN ones, which finite drifts and bounds do not make) become +0.
            l = (gais_bounds_f8)((gais_bounds_i8)l & (l > zero));
            __builtin_memcpy(bounds + block, &l, sizeof l);
        }
        // Every other centre is at least 2·halfSeparation[a] from centre a, so strictly farther.
        if (u < halfSeparation[a]) {
            upper[i] = u;
            continue;
        }
        const float *row = points + i * dimension;
        float best = -1;   // the exact squared distance to centre a, once measured
        for (long block = 0; block < stride; block += 8) {
            gais_bounds_f8 l, half;
            __builtin_memcpy(&l, bounds + block, sizeof l);
            __builtin_memcpy(&half, halfBetween + a * stride + block, sizeof half);
            // Bit c: centre block + c is excluded by neither bound.
            const gais_bounds_i8 bit = {1, 2, 4, 8, 16, 32, 64, 128};
            unsigned open = (unsigned)__builtin_reduce_or((l <= u) & (half <= u) & bit);
            while (open) {
                const long c = block + __builtin_ctz(open);
                open &= open - 1;
                // `a`, `u` and the half-distance row may have changed since the mask was made:
                // a centre outside the mask stays excluded (it was strictly farther than a
                // centre at least as far as the new one), one inside it is checked again.
                if (c == a || c >= clusterCount) continue;
                if (u < bounds[c] || u < halfBetween[a * stride + c]) continue;
                if (best < 0) {
                    best = exact_squared(row, centres + a * dimension, dimension);
                    const float distance = sqrtf(best);
                    u = distance * above;
                    bounds[a] = distance * below;
                    if (u < bounds[c] || u < halfBetween[a * stride + c]) continue;
                }
                const float squared = exact_squared(row, centres + c * dimension, dimension);
                const float distance = sqrtf(squared);
                bounds[c] = distance * below;
                if (squared < best || (squared == best && c < a)) {
                    a = c;
                    best = squared;
                    u = distance * above;
                }
            }
        }
        assignments[i] = a;
        upper[i] = u;
    }
}
#pragma clang diagnostic pop
