// Squared distances in the summation order of GAISCore's SquaredDistance.vectorised (the
// k-means of the cover and centroid rules): eight lanes, lane l summing (a_j − b_j)² over
// j ≡ l mod 8 in order (multiply, then add), the lanes added in order 0…7, then the remaining
// d mod 8 terms one by one. Every path below performs exactly these operations, so the results
// are the Swift ones bit for bit (the tests compare them); only the number of rows in flight
// changes.
#include "GAISKernels.h"
#include "VectorClones.h"
#include <math.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#if defined(__x86_64__)
__attribute__((target("avx2")))
static inline float lanes_then_tail(__m256 acc, const float *a, const float *b, long j, long d) {
    float lane[8];
    _mm256_storeu_ps(lane, acc);
    float sum = lane[0];
    for (int l = 1; l < 8; l++) sum = sum + lane[l];
    for (; j < d; j++) {
        const float diff = a[j] - b[j];
        sum = sum + diff * diff;
    }
    return sum;
}

__attribute__((target("avx2")))
static void distances_avx2(const float *x, const float *rows, long count, long stride, long d, float *out) {
    long r = 0;
    const long body = d / 8 * 8;
    for (; r + 4 <= count; r += 4) {
        const float *p0 = rows + r * stride, *p1 = p0 + stride, *p2 = p1 + stride, *p3 = p2 + stride;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        for (long j = 0; j < body; j += 8) {
            const __m256 v = _mm256_loadu_ps(x + j);
            __m256 t0 = _mm256_sub_ps(v, _mm256_loadu_ps(p0 + j));
            __m256 t1 = _mm256_sub_ps(v, _mm256_loadu_ps(p1 + j));
            __m256 t2 = _mm256_sub_ps(v, _mm256_loadu_ps(p2 + j));
            __m256 t3 = _mm256_sub_ps(v, _mm256_loadu_ps(p3 + j));
            a0 = _mm256_add_ps(a0, _mm256_mul_ps(t0, t0));
            a1 = _mm256_add_ps(a1, _mm256_mul_ps(t1, t1));
            a2 = _mm256_add_ps(a2, _mm256_mul_ps(t2, t2));
            a3 = _mm256_add_ps(a3, _mm256_mul_ps(t3, t3));
        }
        out[r] = lanes_then_tail(a0, x, p0, body, d);
        out[r + 1] = lanes_then_tail(a1, x, p1, body, d);
        out[r + 2] = lanes_then_tail(a2, x, p2, body, d);
        out[r + 3] = lanes_then_tail(a3, x, p3, body, d);
    }
    for (; r < count; r++) {
        const float *p = rows + r * stride;
        __m256 a = _mm256_setzero_ps();
        for (long j = 0; j < body; j += 8) {
            __m256 t = _mm256_sub_ps(_mm256_loadu_ps(x + j), _mm256_loadu_ps(p + j));
            a = _mm256_add_ps(a, _mm256_mul_ps(t, t));
        }
        out[r] = lanes_then_tail(a, x, p, body, d);
    }
}
#endif

void gais_distances_in_lanes(const float *x, const float *rows, long count, long stride, long dimension,
                             float *out, int level) {
#if defined(__x86_64__)
    if (level >= 1 && gais_kernels_level() >= 1) {
        distances_avx2(x, rows, count, stride, dimension, out);
        return;
    }
#endif
    for (long r = 0; r < count; r++) out[r] = gais_lane_order_distance(x, rows + r * stride, dimension);
}

// k-means' screen of all centres for one row (CentreScreen in GAISScoring): out[k] = Σ_j
// (row_j − c_kj)², summed over j in order from zero (multiply, then add), for the centres
// stored feature-major, `paddedCount` (a multiple of 8) to a feature. Lane-wise arithmetic,
// so every path gives the bits of the Swift SIMD8 loop it replaces; the clones let AVX-512
// and AVX2 machines run it on 8-lane registers instead of Swift's pairs of 4-lane ones.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpsabi"
GAIS_FLOAT_CLONES void gais_screen_centres(const float *row, const float *transposed, long dimension,
                                            long paddedCount, float *out) {
    long block = 0;
    for (; block + 16 <= paddedCount; block += 16) {
        gais_v8f a = {0, 0, 0, 0, 0, 0, 0, 0}, b = a;
        for (long j = 0; j < dimension; j++) {
            gais_v8f ca, cb;
            __builtin_memcpy(&ca, transposed + j * paddedCount + block, sizeof ca);
            __builtin_memcpy(&cb, transposed + j * paddedCount + block + 8, sizeof cb);
            const gais_v8f da = row[j] - ca, db = row[j] - cb;
            a = a + da * da;
            b = b + db * db;
        }
        __builtin_memcpy(out + block, &a, sizeof a);
        __builtin_memcpy(out + block + 8, &b, sizeof b);
    }
    for (; block < paddedCount; block += 8) {
        gais_v8f a = {0, 0, 0, 0, 0, 0, 0, 0};
        for (long j = 0; j < dimension; j++) {
            gais_v8f c;
            __builtin_memcpy(&c, transposed + j * paddedCount + block, sizeof c);
            const gais_v8f difference = row[j] - c;
            a = a + difference * difference;
        }
        __builtin_memcpy(out + block, &a, sizeof a);
    }
}
#pragma clang diagnostic pop

// CentreScreen.nearestTwo in one call: the screen of every centre, the two smallest screened
// distances, and the exact distances (SquaredDistance.vectorised's bits) of the centres that
// rounding could place among the two nearest, in centre order, ties to the smaller centre.
// The two-smallest scan uses selects instead of branches on the screened values (a coin toss
// per centre); the comparisons are those of the Swift loop, so NaNs are passed over alike.
void gais_nearest_two(const float *row, const float *transposed, const float *centres, long dimension,
                      long clusterCount, long paddedCount, float slack, float *scratch, long *best,
                      float *bestDistance, float *secondDistance) {
    gais_screen_centres(row, transposed, dimension, paddedCount, scratch);
    float first = INFINITY, second = INFINITY;
    for (long k = 0; k < clusterCount; k++) {
        const float v = scratch[k];
        const int below = v < first;
        second = below ? first : (v < second ? v : second);
        first = below ? v : first;
    }
    float limit = INFINITY;
    if (isfinite(second)) {
        limit = second * (1 + slack);
        limit = limit / (1 - slack);
        limit = limit + (float)dimension * 0x1p-100f;
    }
    long chosen = 0;
    float nearest = INFINITY, runnerUp = INFINITY;
    for (long k = 0; k < clusterCount; k++) {
        if (!(scratch[k] <= limit)) continue;
        float distance;
        gais_distances_in_lanes(row, centres + k * dimension, 1, dimension, dimension, &distance, 2);
        if (distance < nearest) {
            runnerUp = nearest;
            nearest = distance;
            chosen = k;
        } else if (distance < runnerUp) {
            runnerUp = distance;
        }
    }
    *best = chosen;
    *bestDistance = nearest;
    *secondDistance = runnerUp;
}

// k-means++'s update for one new centre (KMeans.seedCentroids): each row's squared distance to
// it, in SquaredDistance.vectorised's order, computed eight rows at a time from feature-major
// rows (each SIMD lane one row, performing that row's lane sums, their sum in lane order and
// the tail, exactly as gais_lane_order_distance does), then folded into the row's nearest and
// second-nearest distances (a new centre wins only when strictly nearer).
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpsabi"
GAIS_FLOAT_CLONES void gais_seeding_update(const float *transposed, long count, long stride, long dimension,
                                            const float *centre, long centreIndex, float *nearest, float *second,
                                            long *assignments, float *bounds, long boundStride, float scale) {
    const long body = dimension / 8 * 8;
    for (long block = 0; block < count; block += 8) {
        gais_v8f acc[8];
        for (int l = 0; l < 8; l++) acc[l] = (gais_v8f){0, 0, 0, 0, 0, 0, 0, 0};
        for (long j = 0; j < body; j += 8) {
            for (int l = 0; l < 8; l++) {
                gais_v8f values;
                __builtin_memcpy(&values, transposed + (j + l) * stride + block, sizeof values);
                const gais_v8f difference = centre[j + l] - values;
                acc[l] = acc[l] + difference * difference;
            }
        }
        gais_v8f sum = acc[0];
        for (int l = 1; l < 8; l++) sum = sum + acc[l];
        for (long j = body; j < dimension; j++) {
            gais_v8f values;
            __builtin_memcpy(&values, transposed + j * stride + block, sizeof values);
            const gais_v8f difference = centre[j] - values;
            sum = sum + difference * difference;
        }
        const long lanes = count - block < 8 ? count - block : 8;
        if (bounds) {
            const gais_v8f root = __builtin_elementwise_sqrt(sum) * scale;
            for (long l = 0; l < lanes; l++) bounds[(block + l) * boundStride + centreIndex] = root[l];
        }
        if (lanes == 8) {
            gais_v8f first, runnerUp;
            __builtin_memcpy(&first, nearest + block, sizeof first);
            __builtin_memcpy(&runnerUp, second + block, sizeof runnerUp);
            const gais_v8i closer = sum < first, between = ~closer & (sum < runnerUp);
            runnerUp = (gais_v8f)(((gais_v8i)first & closer) | ((gais_v8i)sum & between) |
                                  ((gais_v8i)runnerUp & ~(closer | between)));
            first = (gais_v8f)(((gais_v8i)sum & closer) | ((gais_v8i)first & ~closer));
            __builtin_memcpy(nearest + block, &first, sizeof first);
            __builtin_memcpy(second + block, &runnerUp, sizeof runnerUp);
            for (int l = 0; l < 8; l++) assignments[block + l] = closer[l] ? centreIndex : assignments[block + l];
            continue;
        }
        for (long l = 0; l < lanes; l++) {
            const long i = block + l;
            const float distance = sum[l];
            const float first = nearest[i], runnerUp = second[i];
            const int closer = distance < first;
            second[i] = closer ? first : (distance < runnerUp ? distance : runnerUp);
            nearest[i] = closer ? distance : first;
            assignments[i] = closer ? centreIndex : assignments[i];
        }
    }
}
#pragma clang diagnostic pop
