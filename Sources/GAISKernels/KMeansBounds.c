// Elkan's bounds for k-means' assignment step (Elkan, "Using the triangle inequality to
// accelerate k-means", ICML 2003): every point keeps a lower bound on its distance to every
// centre and an upper bound on its distance to its own, so a centre is measured only when the
// bounds cannot prove it farther. KMeans+Elkan.swift drives these kernels; the bounds'
// rounding margins are argued there.
//
// The answer is the full scan's: a centre is passed over only when it is provably *strictly*
// farther than the point's current centre, and the centres measured are compared by their
// exact squared distances (gais_lane_order_distance, SquaredDistance.vectorised's bits) with
// ties to the smaller centre, so equal distances resolve as in a scan over all centres.
#include "GAISKernels.h"
#include "VectorClones.h"
#include <math.h>
#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

// Three builds of the kernel: AVX-512, AVX2 (chosen at run time, as the distance kernels
// are) and portable; lane-wise arithmetic, so all give the same bits.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpsabi"

// gais_lane_order_distance from one row to four centres: four independent chains, the same
// bits each.
static inline __attribute__((always_inline)) void exact_squared4(const float *a, const float *b0, const float *b1,
                                                                 const float *b2, const float *b3, long d,
                                                                 float *out) {
    gais_v8f s0 = {0, 0, 0, 0, 0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
    long j = 0;
    for (; j + 8 <= d; j += 8) {
        gais_v8f x, y0, y1, y2, y3;
        __builtin_memcpy(&x, a + j, sizeof x);
        __builtin_memcpy(&y0, b0 + j, sizeof y0);
        __builtin_memcpy(&y1, b1 + j, sizeof y1);
        __builtin_memcpy(&y2, b2 + j, sizeof y2);
        __builtin_memcpy(&y3, b3 + j, sizeof y3);
        const gais_v8f t0 = x - y0, t1 = x - y1, t2 = x - y2, t3 = x - y3;
        s0 = s0 + t0 * t0;
        s1 = s1 + t1 * t1;
        s2 = s2 + t2 * t2;
        s3 = s3 + t3 * t3;
    }
    float r0 = s0[0], r1 = s1[0], r2 = s2[0], r3 = s3[0];
    for (int l = 1; l < 8; l++) {
        r0 = r0 + s0[l];
        r1 = r1 + s1[l];
        r2 = r2 + s2[l];
        r3 = r3 + s3[l];
    }
    for (; j < d; j++) {
        const float t0 = a[j] - b0[j], t1 = a[j] - b1[j], t2 = a[j] - b2[j], t3 = a[j] - b3[j];
        r0 = r0 + t0 * t0;
        r1 = r1 + t1 * t1;
        r2 = r2 + t2 * t2;
        r3 = r3 + t3 * t3;
    }
    out[0] = r0;
    out[1] = r1;
    out[2] = r2;
    out[3] = r3;
}

// The bound pass of one point: each lower bound read back as (entry − cumulative)·(1 − 2^-23),
// and bit c of words[c / 64] set when centre c is excluded by neither bound (lower ≤ u and
// half ≤ u). Returns whether any bit is set. The same lane-wise operations on every path.
static inline __attribute__((always_inline)) uint64_t pass_portable(const float *bounds, const float *cumulative,
                                                                    const float *half, float u, long stride,
                                                                    uint64_t *words) {
    const float down = 1.0f - 0x1p-23f;
    uint64_t any = 0;
    for (long block = 0; block < stride; block += 8) {
        gais_v8f l, moved, h;
        __builtin_memcpy(&l, bounds + block, sizeof l);
        __builtin_memcpy(&moved, cumulative + block, sizeof moved);
        __builtin_memcpy(&h, half + block, sizeof h);
        l = (l - moved) * down;
        const gais_v8i open = (l <= u) & (h <= u);
        uint64_t mask = 0;
        for (int c = 0; c < 8; c++) mask |= (uint64_t)(open[c] & 1) << c;
        words[block / 64] |= mask << (block % 64);
        any |= mask;
    }
    return any;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static inline __attribute__((always_inline)) uint64_t
open_block_avx2(const float *bounds, const float *cumulative, const float *half, __m256 bound) {
    const __m256 l = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(bounds), _mm256_loadu_ps(cumulative)),
                                   _mm256_set1_ps(1.0f - 0x1p-23f));
    const __m256 open = _mm256_and_ps(_mm256_cmp_ps(l, bound, _CMP_LE_OQ),
                                      _mm256_cmp_ps(_mm256_loadu_ps(half), bound, _CMP_LE_OQ));
    return (uint64_t)(unsigned)_mm256_movemask_ps(open);
}

__attribute__((target("avx2"))) static inline __attribute__((always_inline)) uint64_t
pass_avx2(const float *bounds, const float *cumulative, const float *half, float u, long stride, uint64_t *words) {
    const __m256 bound = _mm256_set1_ps(u);
    uint64_t any = 0;
    for (long block = 0; block < stride; block += 8) {
        const uint64_t mask = open_block_avx2(bounds + block, cumulative + block, half + block, bound);
        words[block / 64] |= mask << (block % 64);
        any |= mask;
    }
    return any;
}

__attribute__((target("avx512f,avx2"))) static inline __attribute__((always_inline)) uint64_t
pass_avx512(const float *bounds, const float *cumulative, const float *half, float u, long stride,
            uint64_t *words) {
    const __m512 bound = _mm512_set1_ps(u), down = _mm512_set1_ps(1.0f - 0x1p-23f);
    uint64_t any = 0;
    long block = 0;
    for (; block + 16 <= stride; block += 16) {
        const __m512 l = _mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(bounds + block),
                                                     _mm512_loadu_ps(cumulative + block)), down);
        const __mmask16 open = _mm512_cmp_ps_mask(l, bound, _CMP_LE_OQ) &
                               _mm512_cmp_ps_mask(_mm512_loadu_ps(half + block), bound, _CMP_LE_OQ);
        words[block / 64] |= (uint64_t)open << (block % 64);
        any |= open;
    }
    if (block < stride) {   // one last group of eight (stride is a multiple of 8)
        const uint64_t mask = open_block_avx2(bounds + block, cumulative + block, half + block, _mm256_set1_ps(u));
        words[block / 64] |= mask << (block % 64);
        any |= mask;
    }
    return any;
}
#endif

// One point: measure its own centre unless the separation settles it, then collect in one
// pass the centres its lower bounds do not exclude, then measure those centres.
//
// Lower bounds are stored lazily: entry c holds l + C_c at the time l was measured, C_c being
// centre c's cumulative (inflated, rounded-up) drift, so the bound now is (entry − C_c), with
// no write per iteration. Each stored entry and each bound read is rounded down by the factor
// (1 − 2^-23), which makes it lie below its exact value however the roundings fall.
#define GAIS_ELKAN_POINTS(PASS)                                                                                  \
    const float down = 1.0f - 0x1p-23f, up = 1.0f + 0x1p-23f;                                                    \
    const long wordCount = (stride + 63) / 64;                                                                   \
    for (long i = 0; i < count; i++) {                                                                           \
        long a = assignments[i];                                                                                 \
        float u = (upper[i] + drift[a]) * up;                                                                    \
        /* Every other centre is at least 2 halfSeparation[a] from centre a: if u is below  */                   \
        /* that, the point stays.                                                            */                  \
        if (u < halfSeparation[a]) {                                                                             \
            upper[i] = u;                                                                                        \
            continue;                                                                                            \
        }                                                                                                        \
        float *bounds = lower + i * stride;                                                                      \
        const float *half = halfBetween + a * stride;                                                            \
        const float *row = points + i * dimension;                                                               \
        /* The own distance first, so that candidates are chosen with the tight bound.       */                  \
        float best = gais_lane_order_distance(row, centres + a * dimension, dimension);                          \
        u = sqrtf(best) * above;                                                                                 \
        for (long w = 0; w < wordCount; w++) words[w] = 0;                                                       \
        /* Centre a itself never opens: its half-distance is +inf, as the padding's.        */                   \
        const uint64_t any = PASS(bounds, cumulative, half, u, stride, words);                                   \
        bounds[a] = (sqrtf(best) * below + cumulative[a]) * down;                                                \
        if (!any) {                                                                                              \
            upper[i] = u;                                                                                        \
            continue;                                                                                            \
        }                                                                                                        \
        /* Every centre left is measured (four at a time), and the nearest of them and the   */                  \
        /* own centre wins, ties to the smaller: the others are strictly farther than it.     */                 \
        long found = 0;                                                                                          \
        for (long w = 0; w < wordCount; w++) {                                                                   \
            uint64_t open = words[w];                                                                            \
            while (open) {                                                                                       \
                const long c = w * 64 + __builtin_ctzll(open);                                                   \
                open &= open - 1;                                                                                \
                /* Padding never opens for finite distances; an infinite bound must not make a  */               \
                /* centre past the last one a candidate either.                                  */              \
                if (c < clusterCount) candidates[found++] = c;                                                   \
            }                                                                                                    \
        }                                                                                                        \
        for (long t = 0; t < found; t += 4) {                                                                    \
            const long c0 = candidates[t];                                                                       \
            const long c1 = t + 1 < found ? candidates[t + 1] : c0;                                              \
            const long c2 = t + 2 < found ? candidates[t + 2] : c0;                                              \
            const long c3 = t + 3 < found ? candidates[t + 3] : c0;                                              \
            float squared[4];                                                                                    \
            exact_squared4(row, centres + c0 * dimension, centres + c1 * dimension, centres + c2 * dimension,    \
                           centres + c3 * dimension, dimension, squared);                                        \
            const long group[4] = {c0, c1, c2, c3};                                                              \
            for (int g = 0; g < 4 && t + g < found; g++) {                                                       \
                const long c = group[g];                                                                         \
                const float distance = sqrtf(squared[g]);                                                        \
                bounds[c] = (distance * below + cumulative[c]) * down;                                           \
                if (squared[g] < best || (squared[g] == best && c < a)) {                                        \
                    a = c;                                                                                       \
                    best = squared[g];                                                                           \
                    u = distance * above;                                                                        \
                }                                                                                                \
            }                                                                                                    \
        }                                                                                                        \
        assignments[i] = a;                                                                                      \
        upper[i] = u;                                                                                            \
    }

// The upper bound is loosened by its centre's drift, (u + δ)(1 + 2^-23), above the exact u + δ
// however the roundings fall. The candidates are chosen against the point's own centre with
// its tight bound; measuring them all and keeping the nearest (ties to the smaller centre)
// gives the full scan's answer, since every centre left out is strictly farther than the own
// centre.
static void elkan_portable(const float *points, long count, long dimension, const float *centres,
                           long clusterCount, long stride, const float *halfBetween, const float *halfSeparation,
                           const float *drift, const float *cumulative, float *lower, float *upper,
                           long *assignments, float below, float above, uint64_t *words, long *candidates) {
    GAIS_ELKAN_POINTS(pass_portable)
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void elkan_avx2(const float *points, long count, long dimension,
                                                       const float *centres, long clusterCount, long stride,
                                                       const float *halfBetween, const float *halfSeparation,
                                                       const float *drift, const float *cumulative, float *lower,
                                                       float *upper, long *assignments, float below, float above,
                                                       uint64_t *words, long *candidates) {
    GAIS_ELKAN_POINTS(pass_avx2)
}

__attribute__((target("avx512f,avx2"))) static void elkan_avx512(const float *points, long count, long dimension,
                                                                 const float *centres, long clusterCount,
                                                                 long stride, const float *halfBetween,
                                                                 const float *halfSeparation, const float *drift,
                                                                 const float *cumulative, float *lower, float *upper,
                                                                 long *assignments, float below, float above,
                                                                 uint64_t *words, long *candidates) {
    GAIS_ELKAN_POINTS(pass_avx512)
}
#endif

long gais_elkan_assign(const float *points, long count, long dimension, const float *centres, long clusterCount,
                       long stride, const float *halfBetween, const float *halfSeparation, const float *drift,
                       const float *cumulative, float *lower, float *upper, long *assignments, float below,
                       float above, int level) {
    if (level > gais_kernels_level()) level = gais_kernels_level();
    uint64_t words[GAIS_ELKAN_MOST_CENTRES / 64];
    long candidates[GAIS_ELKAN_MOST_CENTRES];
    if (stride > GAIS_ELKAN_MOST_CENTRES || stride % 8 != 0 || clusterCount > stride) return -1;
#if defined(__x86_64__)
    if (level >= 2) {
        elkan_avx512(points, count, dimension, centres, clusterCount, stride, halfBetween, halfSeparation, drift,
                     cumulative, lower, upper, assignments, below, above, words, candidates);
        return 0;
    }
    if (level >= 1) {
        elkan_avx2(points, count, dimension, centres, clusterCount, stride, halfBetween, halfSeparation, drift,
                   cumulative, lower, upper, assignments, below, above, words, candidates);
        return 0;
    }
#endif
    elkan_portable(points, count, dimension, centres, clusterCount, stride, halfBetween, halfSeparation, drift,
                   cumulative, lower, upper, assignments, below, above, words, candidates);
    return 0;
}
#pragma clang diagnostic pop
