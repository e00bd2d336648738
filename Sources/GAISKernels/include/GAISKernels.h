#ifndef GAIS_KERNELS_H
#define GAIS_KERNELS_H

#include "GAISNetworkKernels.h"
#include "GAISSignals.h"
#include <stdint.h>

/// Approximate squared distances ‖q‖² + ‖r‖² − 2 q·r from four queries to the references of
/// eight-wide blocks [blockStart, blockEnd). `packed` holds the references in blocks of 16
/// (`dimension` × 16 floats, value j of the 16 references side by side, zero padding), so
/// eight-wide block b is at (b/2)·16·dimension + (b mod 2)·8 with stride 16 per value;
/// `packedNorms` holds the references' squared norms in order (padded with zeros to a
/// multiple of 8). Query i's distance to lane l of block b is written to
/// out[i * stride + (b − blockStart) * 8 + l]. The result is only approximately rounded
/// (FMA and summation order depend on the CPU path); callers must verify with an error bound
/// of at least (2·dimension + 16)·u·(‖q‖² + ‖r‖²). `level` caps the code path (0 portable,
/// 1 AVX2+FMA, 2 AVX-512F; never above what the CPU has), so callers choose it explicitly.
void gais_expanded_tile(const float *q0, const float *q1, const float *q2, const float *q3,
                        float n0, float n1, float n2, float n3,
                        const float *packed, const float *packedNorms,
                        long blockStart, long blockEnd, long dimension,
                        float *out, long stride, int level);

/// The first index t in [start, count) with row[t] <= bound (NaN never qualifies), else count.
long gais_first_at_most(const float *row, long start, long count, float bound, int level);

/// The first column t in [start, count) where any of the four rows tile[i * stride + t]
/// (i = 0..3) is <= bound[t] (NaN never qualifies), else count.
long gais_first_column_within(const float *tile, long stride, const float *bound, long start, long count,
                              int level);

/// Offers row[t] for t in [0, width) (reference index first + t, never `self`) to the sorted
/// candidate list lb/li of capacity m holding *count entries, skipping entries above *bound;
/// *bound becomes the list's m-th distance once it is full.
void gais_offer_row(const float *row, long width, long first, long self, float *lb, int32_t *li,
                    long *count, long m, float *bound, int level);

/// The same down the columns of a four-row tile: column t holds the distances of queries
/// firstQuery … firstQuery + queryCount − 1 to reference first + t, offered to that
/// reference's list (bestD/bestI row first + t, filled[first + t] entries) when any is within
/// worst[first + t], which is updated.
void gais_offer_columns(const float *tile, long stride, long queryCount, long firstQuery, long width,
                        long first, float *bestD, int32_t *bestI, long *filled, float *worst, long m,
                        int level);

/// Exact k nearest neighbours of each of the n rows of `rows` (row-major, n × d) among the
/// others: for row i, indices[i·k' ..< (i+1)·k'] and distances[…] with k' = min(k, n − 1), by
/// (squared distance summed in dimension order, index), exactly the brute-force answer. Stage 1
/// ranks by approximate distances keeping k + `spare` candidates per row; returns 1 when every
/// row's answer is proven, else 0 (the outputs are then incomplete and the caller must answer
/// the group another way). `level` caps the code path as for gais_expanded_tile.
int gais_knn_within(const float *rows, long n, long d, long k, long spare, int32_t *indices, float *distances,
                    int level);

/// out[r] = the squared distance from x to rows + r·stride (r < count) over `dimension` values,
/// in SquaredDistance.vectorised's order (eight lanes summed in order, then the tail), bit for
/// bit on every path; `level` as for gais_expanded_tile (0 portable, ≥ 1 AVX2).
void gais_distances_in_lanes(const float *x, const float *rows, long count, long stride, long dimension,
                             float *out, int level);

/// k-means' screen of every centre for one row: out[k] = Σ_j (row_j − t[j·paddedCount + k])²
/// for k < paddedCount (a multiple of 8), each summed over j in order from zero.
void gais_screen_centres(const float *row, const float *transposed, long dimension, long paddedCount,
                         float *out);

/// k-means' nearest and second-nearest centre of `row` (CentreScreen.nearestTwo): screens every
/// centre (`transposed` as for gais_screen_centres; `scratch` holds paddedCount floats), then
/// measures exactly, in SquaredDistance.vectorised's order, the centres whose screened distance
/// is within (1 + slack)/(1 − slack) of the second smallest. Writes the best centre (ties to the
/// smaller) and the exact smallest and second-smallest squared distances.
void gais_nearest_two(const float *row, const float *transposed, const float *centres, long dimension,
                      long clusterCount, long paddedCount, float slack, float *scratch, long *best,
                      float *bestDistance, float *secondDistance);

/// k-means++'s update for a new centre `centreIndex` over rows t < count stored feature-major
/// (transposed[j·stride + t], stride ≥ count rounded up to 8, padding readable): the squared
/// distance d_t from `centre`, bit for bit gais_distances_in_lanes's; then nearest/second/
/// assignments as a scan in centre order would leave them (the new centre wins only when
/// strictly nearer); with `bounds`, also bounds[t·boundStride + centreIndex] = √d_t · scale.
void gais_seeding_update(const float *transposed, long count, long stride, long dimension, const float *centre,
                         long centreIndex, float *nearest, float *second, long *assignments, float *bounds,
                         long boundStride, float scale);

/// Most centres (bounds per point) gais_elkan_assign takes.
#define GAIS_ELKAN_MOST_CENTRES 1024

/// Elkan's assignment step for `count` points (KMeans+Elkan.swift). Lower bounds are stored
/// lazily: `lower` holds `stride` entries per point (clusterCount ≤ stride ≤
/// GAIS_ELKAN_MOST_CENTRES, a multiple of 8; padding +∞), entry c being a lower bound on the
/// point's distance to centre c plus `cumulative[c]` when it was set, `cumulative` the
/// centres' summed (inflated) drifts now. Each upper bound is first loosened by its centre's
/// `drift`. The kernel measures only the centres the bounds cannot prove strictly farther, and
/// moves each point to the nearest centre by exact squared distance (ties to the smaller
/// centre), as a full scan would. `halfBetween` row a holds the deflated half-distances from
/// centre a to every centre (+∞ on the diagonal and in the padding), `halfSeparation[a]` their
/// smallest. Measured distances become bounds scaled by `below` (lower) and `above` (upper).
/// `level` caps the code path (0 portable, 1 AVX2, 2 AVX-512F; never above the CPU's); every
/// path gives the same bits. Returns 0, or −1 (nothing done) for a stride it does not take.
long gais_elkan_assign(const float *points, long count, long dimension, const float *centres,
                       long clusterCount, long stride, const float *halfBetween, const float *halfSeparation,
                       const float *drift, const float *cumulative, float *lower, float *upper, long *assignments,
                       float below, float above, int level);

/// One step of the farthest-first traversal: nearest[t] = min(nearest[t], Σ_j (centre_j −
/// transposed[j·stride + t])², summed over j in order from zero) for t < stride (a multiple of
/// 16; padding rows carry nearest = −∞), then returns the row of the largest nearest[t] (the
/// smaller row on ties) and writes that distance to *farthest.
long gais_farthest_first_step(const float *transposed, long stride, long dimension, const float *centre,
                              float *nearest, float *farthest);

/// One batch's symmetrised compressed rows from its k-nearest lists (n rows × k local
/// indices): row t lists t, its neighbours and the rows listing t, ascending, once each. Writes
/// rowStart[0…n] and neighbors (room for n·(2k + 1)); returns the entries written (−1: no memory).
long gais_symmetrise_lists(long n, long k, const uint16_t *lists, long *rowStart, int32_t *neighbors);

/// Whether bytes[0 ..< count] hold a NUL byte (bit 0 of the result) and a byte above 0x7F (bit 1).
int gais_scan_content(const uint8_t *bytes, long count);

/// Asks the CPU to start loading bytes [p, p + bytes) into its caches: a hint that changes no
/// result and never faults. For gathers of scattered rows, where each row's cache misses would
/// otherwise be waited for one row at a time.
static inline void gais_prefetch(const void *p, long bytes) {
    const char *start = (const char *)p;
    for (long offset = 0; offset < bytes; offset += 64) __builtin_prefetch(start + offset);
    if (bytes > 0) __builtin_prefetch(start + bytes - 1);
}

/// Copies matrix rows rows[0 ..< count] (row-major, `dimension` floats each) to out, one after
/// another. The caller guarantees every row number is in 0 ..< (rows in matrix) and that out
/// holds count × dimension floats; the rows ahead of the one being copied are prefetched.
void gais_gather_rows32(const float *matrix, const int32_t *rows, long count, long dimension, float *out);
/// The same for 64-bit row numbers.
void gais_gather_rows64(const float *matrix, const int64_t *rows, long count, long dimension, float *out);

/// Folds rows [0, rows) of a row-major block of `columns` floats into per-column statistics of
/// the columns with numeric[j] != 0: lo[j] = min, hi[j] = max, sum[j] += value (in double, row
/// by row in row order) and count[j] += 1 for every value that is not NaN. The same bits as a
/// row-by-row scalar loop doing lo = x < lo ? x : lo, hi = x >= hi ? x : hi; the other columns'
/// entries are left alone.
void gais_fold_column_stats(const float *values, long columns, long rows, const int32_t *numeric,
                           float *lo, float *hi, double *sum, int64_t *count);

/// Adds each point to its cluster's sums: sums[a·dimension + j] += (double)points[i·dimension + j]
/// for a = assignments[i], i = 0 … count − 1 in order (so each sum adds its terms in index
/// order, the bits of a scalar loop). The caller guarantees every assignment indexes a row of
/// `sums` and that `points` holds count × dimension floats.
void gais_cluster_sums(const float *points, const int64_t *assignments, long count, long dimension,
                       double *sums);

/// The best code path this CPU has: 0 portable scalar, 1 AVX2+FMA, 2 AVX-512F. The kernels
/// above take the path to use as an argument (`level`), capped at this.
int gais_kernels_level(void);

/// Makes glibc's malloc serve blocks of up to `largest` bytes from the heap and keep up to
/// `trimAbove` free bytes there rather than returning them to the kernel (no-op elsewhere).
void gais_keep_freed_blocks(long largest, long trimAbove);

#include "NumberScan.h"

#endif
