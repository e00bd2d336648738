// Candidate-distance kernels of the exact k-NN search (GAISNeighbors): a portable scalar
// version plus AVX2/FMA and AVX-512F versions chosen at run time.
#include "GAISKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

static int cpu_level(void) {
#if defined(__x86_64__)
    static int cached = -1;
    int level = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (level < 0) {
        __builtin_cpu_init();
        level = 0;
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) level = 1;
        if (level == 1 && __builtin_cpu_supports("avx512f")) level = 2;
        __atomic_store_n(&cached, level, __ATOMIC_RELAXED);
    }
    return level;
#else
    return 0;
#endif
}

int gais_kernels_level(void) {
    return cpu_level();
}

// Portable path: per lane, the dot product summed in dimension order, no fused operations.
#pragma STDC FP_CONTRACT OFF
static void tile_scalar(const float *const q[4], const float n[4], const float *packed,
                        const float *packedNorms, long blockStart, long blockEnd, long d,
                        float *out, long stride) {
    for (long b = blockStart; b < blockEnd; b++) {
        const float *block = packed + (b >> 1) * d * 16 + (b & 1) * 8;
        for (int i = 0; i < 4; i++) {
            float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            for (long j = 0; j < d; j++) {
                float x = q[i][j];
                for (int l = 0; l < 8; l++) {
                    float p = x * block[j * 16 + l];
                    acc[l] = acc[l] + p;
                }
            }
            float *o = out + i * stride + (b - blockStart) * 8;
            for (int l = 0; l < 8; l++) {
                float s = n[i] + packedNorms[b * 8 + l];
                o[l] = s - (acc[l] + acc[l]);
            }
        }
    }
}

#if defined(__x86_64__)
// Four queries × two blocks (16 references) per step: eight accumulators, FMA.
__attribute__((target("avx2,fma")))
static void tile_avx2(const float *const q[4], const float n[4], const float *packed,
                      const float *packedNorms, long blockStart, long blockEnd, long d,
                      float *out, long stride) {
    const float *q0 = q[0], *q1 = q[1], *q2 = q[2], *q3 = q[3];
    __m256 vn0 = _mm256_set1_ps(n[0]), vn1 = _mm256_set1_ps(n[1]);
    __m256 vn2 = _mm256_set1_ps(n[2]), vn3 = _mm256_set1_ps(n[3]);
    long b = blockStart;
    if ((b & 1) && b < blockEnd) {   // an odd first block: alone, so pairs start even
        tile_avx2(q, n, packed, packedNorms, b, b + 1, d, out, stride);
        b++;
    }
    for (; b + 1 < blockEnd; b += 2) {
        const float *p0 = packed + (b >> 1) * d * 16, *p1 = p0 + 8;
        __m256 a00 = _mm256_setzero_ps(), a01 = a00, a10 = a00, a11 = a00;
        __m256 a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (long j = 0; j < d; j++) {
            __m256 r0 = _mm256_loadu_ps(p0 + j * 16), r1 = _mm256_loadu_ps(p1 + j * 16);
            __m256 x = _mm256_broadcast_ss(q0 + j);
            a00 = _mm256_fmadd_ps(x, r0, a00); a01 = _mm256_fmadd_ps(x, r1, a01);
            x = _mm256_broadcast_ss(q1 + j);
            a10 = _mm256_fmadd_ps(x, r0, a10); a11 = _mm256_fmadd_ps(x, r1, a11);
            x = _mm256_broadcast_ss(q2 + j);
            a20 = _mm256_fmadd_ps(x, r0, a20); a21 = _mm256_fmadd_ps(x, r1, a21);
            x = _mm256_broadcast_ss(q3 + j);
            a30 = _mm256_fmadd_ps(x, r0, a30); a31 = _mm256_fmadd_ps(x, r1, a31);
        }
        __m256 rn0 = _mm256_loadu_ps(packedNorms + b * 8), rn1 = _mm256_loadu_ps(packedNorms + b * 8 + 8);
        float *o = out + (b - blockStart) * 8;
        _mm256_storeu_ps(o, _mm256_sub_ps(_mm256_add_ps(vn0, rn0), _mm256_add_ps(a00, a00)));
        _mm256_storeu_ps(o + 8, _mm256_sub_ps(_mm256_add_ps(vn0, rn1), _mm256_add_ps(a01, a01)));
        o += stride;
        _mm256_storeu_ps(o, _mm256_sub_ps(_mm256_add_ps(vn1, rn0), _mm256_add_ps(a10, a10)));
        _mm256_storeu_ps(o + 8, _mm256_sub_ps(_mm256_add_ps(vn1, rn1), _mm256_add_ps(a11, a11)));
        o += stride;
        _mm256_storeu_ps(o, _mm256_sub_ps(_mm256_add_ps(vn2, rn0), _mm256_add_ps(a20, a20)));
        _mm256_storeu_ps(o + 8, _mm256_sub_ps(_mm256_add_ps(vn2, rn1), _mm256_add_ps(a21, a21)));
        o += stride;
        _mm256_storeu_ps(o, _mm256_sub_ps(_mm256_add_ps(vn3, rn0), _mm256_add_ps(a30, a30)));
        _mm256_storeu_ps(o + 8, _mm256_sub_ps(_mm256_add_ps(vn3, rn1), _mm256_add_ps(a31, a31)));
    }
    if (b < blockEnd) {
        const float *p0 = packed + (b >> 1) * d * 16 + (b & 1) * 8;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        for (long j = 0; j < d; j++) {
            __m256 r0 = _mm256_loadu_ps(p0 + j * 16);
            a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(q0 + j), r0, a0);
            a1 = _mm256_fmadd_ps(_mm256_broadcast_ss(q1 + j), r0, a1);
            a2 = _mm256_fmadd_ps(_mm256_broadcast_ss(q2 + j), r0, a2);
            a3 = _mm256_fmadd_ps(_mm256_broadcast_ss(q3 + j), r0, a3);
        }
        __m256 rn0 = _mm256_loadu_ps(packedNorms + b * 8);
        float *o = out + (b - blockStart) * 8;
        _mm256_storeu_ps(o, _mm256_sub_ps(_mm256_add_ps(vn0, rn0), _mm256_add_ps(a0, a0)));
        _mm256_storeu_ps(o + stride, _mm256_sub_ps(_mm256_add_ps(vn1, rn0), _mm256_add_ps(a1, a1)));
        _mm256_storeu_ps(o + 2 * stride, _mm256_sub_ps(_mm256_add_ps(vn2, rn0), _mm256_add_ps(a2, a2)));
        _mm256_storeu_ps(o + 3 * stride, _mm256_sub_ps(_mm256_add_ps(vn3, rn0), _mm256_add_ps(a3, a3)));
    }
}
#endif

static long first_at_most_scalar(const float *row, long start, long count, float bound) {
    for (long t = start; t < count; t++) if (row[t] <= bound) return t;
    return count;
}

static long first_column_scalar(const float *tile, long stride, const float *bound, long start, long count) {
    for (long t = start; t < count; t++) {
        float w = bound[t];
        if (tile[t] <= w || tile[stride + t] <= w || tile[2 * stride + t] <= w || tile[3 * stride + t] <= w) return t;
    }
    return count;
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static long first_at_most_avx2(const float *row, long start, long count, float bound) {
    __m256 w = _mm256_set1_ps(bound);
    long t = start;
    for (; t + 8 <= count; t += 8) {
        int mask = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(row + t), w, _CMP_LE_OQ));
        if (mask) return t + __builtin_ctz((unsigned)mask);
    }
    return first_at_most_scalar(row, t, count, bound);
}

__attribute__((target("avx2")))
static long first_column_avx2(const float *tile, long stride, const float *bound, long start, long count) {
    long t = start;
    for (; t + 8 <= count; t += 8) {
        __m256 w = _mm256_loadu_ps(bound + t);
        __m256 m = _mm256_cmp_ps(_mm256_loadu_ps(tile + t), w, _CMP_LE_OQ);
        m = _mm256_or_ps(m, _mm256_cmp_ps(_mm256_loadu_ps(tile + stride + t), w, _CMP_LE_OQ));
        m = _mm256_or_ps(m, _mm256_cmp_ps(_mm256_loadu_ps(tile + 2 * stride + t), w, _CMP_LE_OQ));
        m = _mm256_or_ps(m, _mm256_cmp_ps(_mm256_loadu_ps(tile + 3 * stride + t), w, _CMP_LE_OQ));
        int mask = _mm256_movemask_ps(m);
        if (mask) return t + __builtin_ctz((unsigned)mask);
    }
    return first_column_scalar(tile, stride, bound, t, count);
}
#endif

long gais_first_at_most(const float *row, long start, long count, float bound, int level) {
#if defined(__x86_64__)
    if (level >= 1 && cpu_level() >= 1) return first_at_most_avx2(row, start, count, bound);
#endif
    return first_at_most_scalar(row, start, count, bound);
}

long gais_first_column_within(const float *tile, long stride, const float *bound, long start, long count,
                              int level) {
#if defined(__x86_64__)
    if (level >= 1 && cpu_level() >= 1) return first_column_avx2(tile, stride, bound, start, count);
#endif
    return first_column_scalar(tile, stride, bound, start, count);
}

#if defined(__x86_64__)
// Four queries × four blocks (32 references, two 16-wide loads) per step; the rest by AVX2.
__attribute__((target("avx512f")))
static void tile_avx512(const float *const q[4], const float n[4], const float *packed,
                        const float *packedNorms, long blockStart, long blockEnd, long d,
                        float *out, long stride) {
    const float *q0 = q[0], *q1 = q[1], *q2 = q[2], *q3 = q[3];
    long b = blockStart;
    if ((b & 1) && b < blockEnd) {
        tile_avx2(q, n, packed, packedNorms, b, b + 1, d, out, stride);
        b++;
    }
    __m512 vn0 = _mm512_set1_ps(n[0]), vn1 = _mm512_set1_ps(n[1]);
    __m512 vn2 = _mm512_set1_ps(n[2]), vn3 = _mm512_set1_ps(n[3]);
    for (; b + 3 < blockEnd; b += 4) {
        const float *p0 = packed + (b >> 1) * d * 16, *p1 = p0 + d * 16;
        __m512 a00 = _mm512_setzero_ps(), a01 = a00, a10 = a00, a11 = a00;
        __m512 a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (long j = 0; j < d; j++) {
            __m512 r0 = _mm512_loadu_ps(p0 + j * 16), r1 = _mm512_loadu_ps(p1 + j * 16);
            __m512 x = _mm512_set1_ps(q0[j]);
            a00 = _mm512_fmadd_ps(x, r0, a00); a01 = _mm512_fmadd_ps(x, r1, a01);
            x = _mm512_set1_ps(q1[j]);
            a10 = _mm512_fmadd_ps(x, r0, a10); a11 = _mm512_fmadd_ps(x, r1, a11);
            x = _mm512_set1_ps(q2[j]);
            a20 = _mm512_fmadd_ps(x, r0, a20); a21 = _mm512_fmadd_ps(x, r1, a21);
            x = _mm512_set1_ps(q3[j]);
            a30 = _mm512_fmadd_ps(x, r0, a30); a31 = _mm512_fmadd_ps(x, r1, a31);
        }
        __m512 rn0 = _mm512_loadu_ps(packedNorms + b * 8), rn1 = _mm512_loadu_ps(packedNorms + b * 8 + 16);
        float *o = out + (b - blockStart) * 8;
        _mm512_storeu_ps(o, _mm512_sub_ps(_mm512_add_ps(vn0, rn0), _mm512_add_ps(a00, a00)));
        _mm512_storeu_ps(o + 16, _mm512_sub_ps(_mm512_add_ps(vn0, rn1), _mm512_add_ps(a01, a01)));
        o += stride;
        _mm512_storeu_ps(o, _mm512_sub_ps(_mm512_add_ps(vn1, rn0), _mm512_add_ps(a10, a10)));
        _mm512_storeu_ps(o + 16, _mm512_sub_ps(_mm512_add_ps(vn1, rn1), _mm512_add_ps(a11, a11)));
        o += stride;
        _mm512_storeu_ps(o, _mm512_sub_ps(_mm512_add_ps(vn2, rn0), _mm512_add_ps(a20, a20)));
        _mm512_storeu_ps(o + 16, _mm512_sub_ps(_mm512_add_ps(vn2, rn1), _mm512_add_ps(a21, a21)));
        o += stride;
        _mm512_storeu_ps(o, _mm512_sub_ps(_mm512_add_ps(vn3, rn0), _mm512_add_ps(a30, a30)));
        _mm512_storeu_ps(o + 16, _mm512_sub_ps(_mm512_add_ps(vn3, rn1), _mm512_add_ps(a31, a31)));
    }
    if (b < blockEnd) tile_avx2(q, n, packed, packedNorms, b, blockEnd, d, out + (b - blockStart) * 8, stride);
}
#endif

void gais_expanded_tile(const float *q0, const float *q1, const float *q2, const float *q3,
                        float n0, float n1, float n2, float n3,
                        const float *packed, const float *packedNorms,
                        long blockStart, long blockEnd, long dimension,
                        float *out, long stride, int level) {
    const float *const q[4] = {q0, q1, q2, q3};
    const float n[4] = {n0, n1, n2, n3};
#if defined(__x86_64__)
    if (level > cpu_level()) level = cpu_level();
    if (level >= 2) {
        tile_avx512(q, n, packed, packedNorms, blockStart, blockEnd, dimension, out, stride);
        return;
    }
    if (level == 1) {
        tile_avx2(q, n, packed, packedNorms, blockStart, blockEnd, dimension, out, stride);
        return;
    }
#endif
    tile_scalar(q, n, packed, packedNorms, blockStart, blockEnd, dimension, out, stride);
}

// Candidate lists of the symmetric scan (NearestNeighbors.symmetricCandidates): each is sorted
// by (distance, index), holds at most m entries, and never takes a NaN. These loops are the
// Swift ones moved to C unchanged (the insertion order of entries cannot change a list: it
// always holds the m smallest entries offered under that total order).
static inline void offer(float dist, int32_t index, float *lb, int32_t *li, long *count, long m) {
    if (*count == m) {
        const float worst = lb[m - 1];
        if (!(dist < worst || (dist == worst && index < li[m - 1]))) return;
    } else if (dist != dist) {
        return;
    }
    long pos = *count < m ? *count : m - 1;
    while (pos > 0 && (lb[pos - 1] > dist || (lb[pos - 1] == dist && li[pos - 1] > index))) {
        lb[pos] = lb[pos - 1];
        li[pos] = li[pos - 1];
        pos -= 1;
    }
    lb[pos] = dist;
    li[pos] = index;
    if (*count < m) *count += 1;
}

void gais_offer_row(const float *row, long width, long first, long self, float *lb, int32_t *li,
                    long *count, long m, float *bound, int level) {
    long filled = *count;
    float limit = *bound;
    long t = gais_first_at_most(row, 0, width, limit, level);
    while (t < width) {
        if (first + t != self) {
            offer(row[t], (int32_t)(first + t), lb, li, &filled, m);
            if (filled == m) limit = lb[m - 1];
        }
        t = gais_first_at_most(row, t + 1, width, limit, level);
    }
    *count = filled;
    *bound = limit;
}

void gais_offer_columns(const float *tile, long stride, long queryCount, long firstQuery, long width,
                        long first, float *bestD, int32_t *bestI, long *filled, float *worst, long m,
                        int level) {
    const float *reach = worst + first;
    long t = gais_first_column_within(tile, stride, reach, 0, width, level);
    while (t < width) {
        const long r = first + t;
        float *lb = bestD + r * m;
        int32_t *li = bestI + r * m;
        long count = filled[r];
        for (long qi = 0; qi < queryCount; qi++) {
            offer(tile[qi * stride + t], (int32_t)(firstQuery + qi), lb, li, &count, m);
        }
        filled[r] = count;
        if (count == m) worst[r] = lb[m - 1];
        t = gais_first_column_within(tile, stride, reach, t + 1, width, level);
    }
}
