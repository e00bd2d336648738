// Exact k nearest neighbours inside one small group of rows (a mini-batch of the graph
// builder): every row against every other, in two stages like NearestNeighbors.blockedSearch.
//
// 1. Approximate distances ‖q‖² + ‖r‖² − 2 q·r of centred rows (gais_expanded_tile, four rows
//    against the whole group at a time) and, per row, the m = k + spare smallest of them. The
//    m smallest are found with a running threshold: entries below it are appended to a buffer
//    (sixteen at a time with AVX-512's compress; the AVX2 path walks each vector's mask), and
//    when the buffer fills it is cut back to its m smallest, which lowers the threshold. Every
//    entry left out is then at least the final m-th value W, which is all stage 2 needs (the
//    order in which entries are offered, and how ties at W are cut, cannot change the final
//    answer).
// 2. The candidates' exact distances, Σ (x_j − r_j)² summed in dimension order with separate
//    multiply and add (bit for bit NearestNeighbors.squaredDistance), sorted by (distance,
//    index); the first k are the brute-force answer when W − ε > T (T the k-th exact distance,
//    ε the rounding bound of blockedSearch's `confirm`, the same expression). A row that fails
//    the test (ties at the k-th place, duplicates, NaN) makes the whole call return 0, and the
//    caller answers the group with the general search: so the result is always exactly the
//    brute-force one, whatever the path.
#include "GAISKernels.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

// Cuts vals/idx[0..count) to its m smallest values (any order) in place: quickselect on the
// values, indices moved along. Returns m (count must be > m).
static long keep_smallest(float *vals, int32_t *idx, long count, long m) {
    long lo = 0, hi = count - 1;
    const long target = m - 1;
    while (lo < hi) {
        const float pivot = vals[(lo + hi) >> 1];
        long i = lo, j = hi;
        while (i <= j) {
            while (vals[i] < pivot) i++;
            while (vals[j] > pivot) j--;
            if (i <= j) {
                float tv = vals[i]; vals[i] = vals[j]; vals[j] = tv;
                int32_t ti = idx[i]; idx[i] = idx[j]; idx[j] = ti;
                i++; j--;
            }
        }
        if (target <= j) hi = j;
        else if (target >= i) lo = i;
        else break;
    }
    return m;
}

static float largest_of(const float *vals, long count) {
    float w = vals[0];
    for (long c = 1; c < count; c++) if (vals[c] > w) w = vals[c];
    return w;
}

enum { BUFFER = 256 };

// The m smallest entries of row[0..width) (NaN never taken; +inf marks excluded slots) into
// vals/idx; returns how many were found (fewer than m only when the row has fewer finite entries).
static long select_scalar(const float *row, long width, long m, float *vals, int32_t *idx) {
    long count = 0;
    float limit = INFINITY;
    for (long t = 0; t < width; t++) {
        const float v = row[t];
        if (v < limit) {
            vals[count] = v;
            idx[count] = (int32_t)t;
            count++;
            if (count == BUFFER) {
                count = keep_smallest(vals, idx, count, m);
                limit = largest_of(vals, count);
            }
        }
    }
    if (count > m) count = keep_smallest(vals, idx, count, m);
    return count;
}

#if defined(__x86_64__)
// The same set by two branch-free passes. Pass 1: the row's vectors are cut into G groups and
// each lane's minimum over a group is taken: 16·G distinct entries (NaN skipped, +inf when a
// lane holds nothing). Their m-th smallest, τ, has at least m entries at or below it, and on
// ordinary data only a few more. Pass 2 appends every entry ≤ τ; the m smallest of those are
// kept. (Quickselect over a larger buffer mispredicted most of its branches.)
__attribute__((target("avx512f")))
static long select_avx512(const float *row, long width, long m, float *vals, int32_t *idx) {
    const long vectors = width / 16;
    const long groups = m / 16 + 1;
    if (width % 16 != 0 || groups > vectors || groups > 64) return select_scalar(row, width, m, vals, idx);
    float minima[64 * 16];
    for (long g = 0; g < groups; g++) {
        __m512 acc = _mm512_set1_ps(INFINITY);
        for (long v = g * vectors / groups; v < (g + 1) * vectors / groups; v++) {
            acc = _mm512_min_ps(_mm512_loadu_ps(row + v * 16), acc);   // a NaN entry yields acc
        }
        _mm512_storeu_ps(minima + g * 16, acc);
    }
    const long count = groups * 16;
    // τ: the minimum whose rank by (value, position) is m − 1, ranks counted sixteen at a time.
    float limit = INFINITY;
    for (long i = 0; i < count; i++) {
        const __m512 x = _mm512_set1_ps(minima[i]);
        long rank = 0;
        for (long g = 0; g < groups; g++) {
            const __m512 y = _mm512_loadu_ps(minima + g * 16);
            const long before = i - g * 16;   // positions j < i in this vector
            const __mmask16 earlier = before >= 16 ? (__mmask16)0xFFFF : before <= 0 ? (__mmask16)0
                                                   : (__mmask16)((1u << before) - 1u);
            const __mmask16 smaller = _mm512_cmp_ps_mask(y, x, _CMP_LT_OQ)
                                    | (_mm512_cmp_ps_mask(y, x, _CMP_EQ_OQ) & earlier);
            rank += __builtin_popcount((unsigned)smaller);
        }
        if (rank == m - 1) { limit = minima[i]; break; }
    }
    const __m512 bound = _mm512_set1_ps(limit);
    __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i step = _mm512_set1_epi32(16);
    long found = 0;
    for (long v = 0; v < vectors; v++) {
        const __m512 x = _mm512_loadu_ps(row + v * 16);
        const __mmask16 within = _mm512_cmp_ps_mask(x, bound, _CMP_LE_OQ);
        // Compressed in registers and stored whole (the buffers have room past `found`): the
        // compressing stores to memory are much slower.
        _mm512_storeu_ps(vals + found, _mm512_maskz_compress_ps(within, x));
        _mm512_storeu_si512((void *)(idx + found), _mm512_maskz_compress_epi32(within, lanes));
        found += __builtin_popcount((unsigned)within);
        lanes = _mm512_add_epi32(lanes, step);
    }
    if (found <= m) return found;
    if (found > 128) return keep_smallest(vals, idx, found, m);
    // Few survivors: keep those whose rank by (value, position) is below m, without branches.
    float keptVals[128 + 16];
    int32_t keptIdx[128 + 16];
    const long survivorVectors = (found + 15) / 16;
    for (long t = found; t < survivorVectors * 16; t++) vals[t] = INFINITY;
    long kept = 0;
    for (long i = 0; i < found; i++) {
        const __m512 x = _mm512_set1_ps(vals[i]);
        long rank = 0;
        for (long g = 0; g < survivorVectors; g++) {
            const __m512 y = _mm512_loadu_ps(vals + g * 16);
            const long before = i - g * 16;
            const __mmask16 earlier = before >= 16 ? (__mmask16)0xFFFF : before <= 0 ? (__mmask16)0
                                                   : (__mmask16)((1u << before) - 1u);
            const __mmask16 smaller = _mm512_cmp_ps_mask(y, x, _CMP_LT_OQ)
                                    | (_mm512_cmp_ps_mask(y, x, _CMP_EQ_OQ) & earlier);
            rank += __builtin_popcount((unsigned)smaller);
        }
        keptVals[kept] = vals[i];
        keptIdx[kept] = idx[i];
        kept += rank < m;
    }
    memcpy(vals, keptVals, sizeof(float) * (size_t)m);
    memcpy(idx, keptIdx, sizeof(int32_t) * (size_t)m);
    return m;
}

// The rank of entry i of vals[0..count) by (value, position), eight entries at a time; vals
// must be readable up to the next multiple of 8 (those entries count as later positions).
__attribute__((target("avx2")))
static long rank_avx2(const float *vals, long count, long i) {
    const __m256 x = _mm256_set1_ps(vals[i]);
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    long rank = 0;
    for (long g = 0; g * 8 < count; g++) {
        const __m256 y = _mm256_loadu_ps(vals + g * 8);
        // Lanes at positions before i: lane < i − 8g.
        const __m256 earlier = _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)(i - g * 8)), lanes));
        const __m256 smaller = _mm256_or_ps(_mm256_cmp_ps(y, x, _CMP_LT_OQ),
                                            _mm256_and_ps(_mm256_cmp_ps(y, x, _CMP_EQ_OQ), earlier));
        rank += __builtin_popcount((unsigned)_mm256_movemask_ps(smaller));
    }
    return rank;
}

// select_avx512's two passes with eight lanes, for CPUs with AVX2 but not AVX-512, returning
// the same entries: τ is the same value (the m-th smallest of the group minima), pass 2 appends
// the same entries in the same order (vectors with no entry ≤ τ, nearly all of them, are skipped
// by one well-predicted branch), and the cut to m is the same.
__attribute__((target("avx2")))
static long select_avx2(const float *row, long width, long m, float *vals, int32_t *idx) {
    const long vectors = width / 8;
    const long groups = m / 8 + 1;
    if (width % 8 != 0 || groups > vectors || groups > 128) return select_scalar(row, width, m, vals, idx);
    float minima[128 * 8];
    for (long g = 0; g < groups; g++) {
        __m256 acc = _mm256_set1_ps(INFINITY);
        for (long v = g * vectors / groups; v < (g + 1) * vectors / groups; v++) {
            acc = _mm256_min_ps(_mm256_loadu_ps(row + v * 8), acc);   // a NaN entry yields acc
        }
        _mm256_storeu_ps(minima + g * 8, acc);
    }
    const long count = groups * 8;
    float limit = INFINITY;
    for (long i = 0; i < count; i++) {
        if (rank_avx2(minima, count, i) == m - 1) { limit = minima[i]; break; }
    }
    const __m256 bound = _mm256_set1_ps(limit);
    long found = 0;
    for (long v = 0; v < vectors; v++) {
        unsigned within = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(row + v * 8), bound, _CMP_LE_OQ));
        while (within) {
            const long t = v * 8 + __builtin_ctz(within);
            vals[found] = row[t];
            idx[found] = (int32_t)t;
            found++;
            within &= within - 1;
        }
    }
    if (found <= m) return found;
    if (found > 128) return keep_smallest(vals, idx, found, m);
    // Few survivors: keep those whose rank by (value, position) is below m (as select_avx512).
    float keptVals[128 + 8];
    int32_t keptIdx[128 + 8];
    const long survivorVectors = (found + 7) / 8;
    for (long t = found; t < survivorVectors * 8; t++) vals[t] = INFINITY;
    long kept = 0;
    for (long i = 0; i < found; i++) {
        const long rank = rank_avx2(vals, found, i);
        keptVals[kept] = vals[i];
        keptIdx[kept] = idx[i];
        kept += rank < m;
    }
    memcpy(vals, keptVals, sizeof(float) * (size_t)m);
    memcpy(idx, keptIdx, sizeof(int32_t) * (size_t)m);
    return m;
}

// Exact distances from x to the rows listed in idx[0..count): lane c sums in dimension order,
// multiply then add (no FMA), exactly the scalar loop below.
__attribute__((target("avx512f")))
static void exact_avx512(const float *x, const float *rows, long d, const int32_t *idx, long count, float *out) {
    for (long c = 0; c < count; c += 16) {
        const long lanes = count - c < 16 ? count - c : 16;
        const __mmask16 live = (__mmask16)((1u << lanes) - 1u);
        __m512i offsets = _mm512_maskz_loadu_epi32(live, idx + c);
        offsets = _mm512_mullo_epi32(offsets, _mm512_set1_epi32((int)d));
        __m512 acc = _mm512_setzero_ps();
        for (long j = 0; j < d; j++) {
            const __m512 r = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), live, offsets, rows + j, 4);
            const __m512 diff = _mm512_sub_ps(_mm512_set1_ps(x[j]), r);
            acc = _mm512_add_ps(acc, _mm512_mul_ps(diff, diff));
        }
        _mm512_mask_storeu_ps(out + c, live, acc);
    }
}
#endif

static void exact_scalar(const float *x, const float *rows, long d, const int32_t *idx, long count, float *out) {
    for (long c = 0; c < count; c++) {
        const float *r = rows + (long)idx[c] * d;
        float s = 0;
        for (long j = 0; j < d; j++) {
            const float diff = x[j] - r[j];
            s = s + diff * diff;
        }
        out[c] = s;
    }
}

// Brute force for one row: every other row's exact distance, the k best by (distance, index)
// (scanning in index order and inserting only strictly nearer rows keeps ties on the smaller).
static void exact_row(const float *x, const float *rows, long n, long d, long self, long k, int32_t *li, float *lb) {
    long count = 0;
    for (long r = 0; r < n; r++) {
        if (r == self) continue;
        const float *y = rows + r * d;
        float s = 0;
        for (long j = 0; j < d; j++) {
            const float diff = x[j] - y[j];
            s = s + diff * diff;
        }
        if (count == k && !(s < lb[k - 1])) continue;
        long pos = count < k ? count : k - 1;
        while (pos > 0 && lb[pos - 1] > s) {
            lb[pos] = lb[pos - 1];
            li[pos] = li[pos - 1];
            pos--;
        }
        lb[pos] = s;
        li[pos] = (int32_t)r;
        if (count < k) count++;
    }
}

int gais_knn_within(const float *rows, long n, long d, long k, long spare, int32_t *indices, float *distances,
                    int level) {
    if (n < 2 || d < 1 || k < 1 || n * d > 0x7fffffffL) return 0;   // gathers index with int32
    if (level > gais_kernels_level()) level = gais_kernels_level();
    const long available = n - 1;
    const long kk = k < available ? k : available;
    const long m = kk + spare < available ? kk + spare : available;
    const int provable = m < available;
    const long blocks16 = (n + 15) / 16;
    const long stride = blocks16 * 16;

    float *centred = malloc(sizeof(float) * (size_t)(n * d));
    float *norms = malloc(sizeof(float) * (size_t)stride);
    float *packed = calloc((size_t)(blocks16 * 16 * d), sizeof(float));
    float *packedNorms = calloc((size_t)stride, sizeof(float));
    float *tile = malloc(sizeof(float) * (size_t)(4 * stride));
    float *vals = malloc(sizeof(float) * (size_t)(stride + BUFFER + 16));
    int32_t *idx = malloc(sizeof(int32_t) * (size_t)(stride + BUFFER + 16));
    float *exact = malloc(sizeof(float) * (size_t)(m + 16));
    double *sums = calloc((size_t)d, sizeof(double));
    int ok = centred && norms && packed && packedNorms && tile && vals && idx && exact && sums;
    // Non-finite values: the general search decides what they mean.
    for (long t = 0; ok && t < n * d; t++) if (!isfinite(rows[t])) ok = 0;

    if (ok) {
        // Centre on the mean (distances do not change, rounding shrinks); norms in order.
        for (long i = 0; i < n; i++) for (long j = 0; j < d; j++) sums[j] += (double)rows[i * d + j];
        for (long i = 0; i < n; i++) {
            float s = 0;
            for (long j = 0; j < d; j++) {
                const float v = rows[i * d + j] - (float)(sums[j] / (double)n);
                centred[i * d + j] = v;
                s = s + v * v;
            }
            norms[i] = s;
            packedNorms[i] = s;
            float *block = packed + (i / 16) * d * 16 + (i % 16);
            for (long j = 0; j < d; j++) block[j * 16] = centred[i * d + j];
        }
        float largestNorm = norms[0];
        for (long i = 1; i < n; i++) if (norms[i] > largestNorm) largestNorm = norms[i];
        const float u = 1.0f / 16777216.0f;
        const long eightBlocks = (n + 7) / 8;

        for (long g = 0; g < n && ok; g += 4) {
            const long group = n - g < 4 ? n - g : 4;
            const long q1 = g + (group > 1 ? 1 : 0), q2 = g + (group > 2 ? 2 : group - 1),
                       q3 = g + (group > 3 ? 3 : group - 1);
            gais_expanded_tile(centred + g * d, centred + q1 * d, centred + q2 * d, centred + q3 * d,
                               norms[g], norms[q1], norms[q2], norms[q3], packed, packedNorms, 0, eightBlocks, d,
                               tile, stride, level);
            for (long qi = 0; qi < group && ok; qi++) {
                const long query = g + qi;
                float *row = tile + qi * stride;
                for (long t = n; t < stride; t++) row[t] = INFINITY;   // padding lanes
                row[query] = INFINITY;                                 // the row itself
                long found;
#if defined(__x86_64__)
                if (level >= 2) found = select_avx512(row, stride, m, vals, idx);
                else if (level >= 1) found = select_avx2(row, stride, m, vals, idx);
                else
#endif
                    found = select_scalar(row, stride, m, vals, idx);
                if (found < m) { ok = 0; break; }
                const float worst = largest_of(vals, m);
                const float *x = rows + query * d;
#if defined(__x86_64__)
                if (level >= 2) exact_avx512(x, rows, d, idx, m, exact);
                else
#endif
                    exact_scalar(x, rows, d, idx, m, exact);
                // Sort by (exact distance, index).
                for (long c = 1; c < m; c++) {
                    const float dist = exact[c];
                    const int32_t index = idx[c];
                    long pos = c;
                    while (pos > 0 && (exact[pos - 1] > dist || (exact[pos - 1] == dist && idx[pos - 1] > index))) {
                        exact[pos] = exact[pos - 1];
                        idx[pos] = idx[pos - 1];
                        pos--;
                    }
                    exact[pos] = dist;
                    idx[pos] = index;
                }
                if (provable) {
                    const float kth = exact[kk - 1];
                    const float expandedError = (float)(2 * d + 16) * u * 2 * (norms[query] + largestNorm);
                    const float bound = 2 * (expandedError + (float)(d + 2) * u * (fabsf(worst) + expandedError));
                    if (!(worst - bound > kth)) {
                        // Not provable (ties at the k-th place, duplicates): every other row, exactly.
                        exact_row(x, rows, n, d, query, kk, indices + query * kk, distances + query * kk);
                        continue;
                    }
                }
                memcpy(indices + query * kk, idx, sizeof(int32_t) * (size_t)kk);
                memcpy(distances + query * kk, exact, sizeof(float) * (size_t)kk);
            }
        }
    }
    free(centred); free(norms); free(packed); free(packedNorms); free(tile);
    free(vals); free(idx); free(exact); free(sums);
    return ok;
}

// Symmetrised compressed rows of one batch from its k-nearest lists (BatchGraph.groupSubgraph):
// row t holds t itself, its neighbours and the rows that list t, ascending, each once — what
// SparseGraph's initializer makes of the same edges. rowStart has n + 1 entries; neighbors room
// for n·(2k + 1); every list entry is below n. Returns the number of entries written, or -1 when
// out of memory.
//
// The rows are sorted without a sort. The multiset M of entries (t, t), (t, r) and (r, t) for
// each listed r is symmetric, so scattering it a second time, row s ascending, each (s, c) to
// row c, writes row c's own entries back in ascending order; equal entries end up adjacent and
// one linear pass drops them: two scatters and a pass instead of an insertion sort per row
// (BENCHMARKS.md, "Scaling").
long gais_symmetrise_lists(long n, long k, const uint16_t *lists, long *rowStart, int32_t *neighbors) {
    long *fill = rowStart;
    for (long t = 0; t <= n; t++) fill[t] = 0;
    for (long t = 0; t < n; t++) {
        fill[t + 1] += 1 + k;
        for (long c = 0; c < k; c++) fill[(long)lists[t * k + c] + 1] += 1;
    }
    for (long t = 0; t < n; t++) fill[t + 1] += fill[t];
    const long total = fill[n];
    long *cursor = malloc(sizeof(long) * (size_t)(n > 0 ? n : 1));
    int32_t *unsorted = malloc(sizeof(int32_t) * (size_t)(total > 0 ? total : 1));
    if (!cursor || !unsorted) { free(cursor); free(unsorted); return -1; }
    for (long t = 0; t < n; t++) cursor[t] = fill[t];
    for (long t = 0; t < n; t++) {
        unsorted[cursor[t]++] = (int32_t)t;
        for (long c = 0; c < k; c++) {
            const long r = lists[t * k + c];
            unsorted[cursor[t]++] = (int32_t)r;
            unsorted[cursor[r]++] = (int32_t)t;
        }
    }
    for (long t = 0; t < n; t++) cursor[t] = fill[t];
    for (long s = 0; s < n; s++) {
        for (long i = fill[s]; i < fill[s + 1]; i++) neighbors[cursor[unsorted[i]]++] = (int32_t)s;
    }
    free(cursor); free(unsorted);
    long write = 0;
    for (long t = 0; t < n; t++) {
        const long lo = fill[t], hi = fill[t + 1];
        fill[t] = write;
        int32_t last = -1;
        for (long i = lo; i < hi; i++) {
            const int32_t v = neighbors[i];
            neighbors[write] = v;
            write += v != last;
            last = v;
        }
    }
    fill[n] = write;
    return write;
}
