/*
 * gais.h: the C interface of GAIS, the instance-selection engine.
 *
 * The library is built by SwiftPM as the dynamic library product `GAISC`
 * (`swift build -c release --product GAISC` gives `.build/release/libGAISC.so`; it cannot be
 * called `gais`: SwiftPM ignores a second product of that name, the command-line tool's). The
 * Python package installs that file as `gais/libgais.so`. It needs the Swift runtime of the toolchain that built it (its
 * run path points there).
 *
 * Conventions (those of LightGBM's and XGBoost's C interfaces):
 *   - Every function that can fail returns 0 on success and -1 on failure; the failure's
 *     message, one line (the same text `gais select` prints after "error: "), is then returned
 *     by gais_last_error(), which is per thread.
 *   - Nothing crashes across the boundary for bad arguments: null pointers, negative or
 *     overflowing shapes, out-of-range codes or labels, bad UTF-8, unknown methods or
 *     parameters all come back as -1 with a message.
 *   - Memory the library hands out (indices, scores, JSON texts) is freed with gais_free().
 *   - Every function is thread-safe: calls from several threads at once each get their own
 *     result (the engine keeps no global state; `threads` is per call).
 *
 * Encoding. The input is encoded by the engine's own encoder, exactly as `gais select` encodes a
 * file: numeric columns min-max scaled to [0, 1], categorical columns one-hot, missing values
 * imputed (numeric: the column mean; categorical: the most frequent category), constant columns
 * dropped. Class names and category names may be given in any order: the engine orders them as
 * its readers do (numerically when every name is a number, else by text) and renumbers the
 * codes, so the same rows give bit-for-bit the same selection as `gais select` on a file holding
 * them (with the same method, settings and seed, whatever the thread count).
 */
#ifndef GAIS_H
#define GAIS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Element types of the numeric feature matrix. */
#define GAIS_DTYPE_FLOAT32 0
#define GAIS_DTYPE_FLOAT64 1

/* The engine's version, e.g. "0.2.0" (a static string; never fails). */
const char *gais_version(void);

/* The message of the last call that failed on this thread ("" when none has). The text stays
 * valid until the next failing call on the same thread. */
const char *gais_last_error(void);

/* Frees memory returned by this library (NULL is ignored). */
void gais_free(void *pointer);

/* Every selection method and its parameters, as JSON (free with gais_free):
 *   [{"name": "gais", "summary": "...", "takes_size": true,
 *     "parameters": [{"name": "keep-ratio", "value_name": "R", "help": "...",
 *                     "kind": "integer|optional-integer|real|choice|flag",
 *                     "rule": "a number in (0, 1]",           (as the error messages say it)
 *                     "min": ..., "max": ..., "none": "auto",   (kind-dependent bounds)
 *                     "lower": ..., "upper": ..., "lower_open": b, "upper_open": b,
 *                     "choices": [...], "condition": "rule=top" or null,
 *                     "default": "0.04" or null}, ...]}, ...]
 * Parameter names are the keys of gais_select's settings (`gais select --NAME`). */
int gais_methods_json(char **out_json);

/* Checks `settings` for `method` without selecting (the errors gais_select would give for
 * them). */
int gais_check_settings(const char *method, const char *settings);

/* Told what a running selection is doing ("training: epoch 57, best 50"); may be called from
 * any thread, never changes the result. */
typedef void (*gais_progress_fn)(const char *message, void *user_data);

/*
 * Selects rows of a labelled table.
 *
 * Input: n_rows rows of n_numeric + n_categorical feature columns.
 *   features        row-major (C order) n_rows x n_numeric matrix of `dtype` (GAIS_DTYPE_*),
 *                   NaN for a missing value; infinite values are refused. May be NULL when
 *                   n_numeric or n_rows is 0. A float32 matrix without categorical columns is
 *                   read in place (never copied).
 *   codes           row-major n_rows x n_categorical int32 category codes, -1 for missing;
 *                   column k's codes lie in 0..category_counts[k]-1. NULL when n_categorical
 *                   is 0.
 *   categorical_positions  the position (0-based, among all n_numeric + n_categorical columns)
 *                   of each categorical column, strictly ascending; the numeric columns fill the
 *                   other positions in order. NULL: categorical columns come after the numeric
 *                   ones. Positions matter for bit-identity with a file (the encoded columns
 *                   follow the file's column order).
 *   category_counts n_categorical counts, each >= 0.
 *   category_names  the category names of every categorical column one after the other
 *                   (sum of category_counts UTF-8 strings, distinct within a column).
 *   labels          n_labels class codes in 0..n_classes-1 (-1: missing, refused with the
 *                   CLI's "missing class label"); n_labels must equal n_rows.
 *   class_names     n_classes distinct UTF-8 names (classes without rows are dropped, as a
 *                   file never has them).
 *   label_name      the label column's name for the report (NULL: "label").
 * Method: `method` is a name of gais_methods_json ("gais", "enn", ...); `settings` is a list
 *   of key=value separated by commas, semicolons, spaces or newlines (a bare key means
 *   key=true), e.g. "keep-ratio=0.1,batch-size=256"; NULL or "" keeps the defaults. Validated
 *   by the engine with the CLI's messages.
 * seed: the same seed gives the same rows whatever `threads` is (<= 0: every core).
 * progress, progress_data: optional (NULL: silent).
 * Output (each out_ pointer may be NULL when not wanted; free each result with gais_free):
 *   *out_indices, *out_count  kept rows' 0-based indices, ascending (out_count is required
 *                             when out_indices is given);
 *   *out_scores               n_rows importance scores when the method computes them (GAIS
 *                             with the network: rule=cover or rule=top),
 *                             else NULL;
 *   *out_report               the JSON report `gais select --report` writes (input path
 *                             "<array>", format "array"; no read or write stage).
 * On failure nothing is allocated and the out_ pointers are set to NULL / 0.
 */
int gais_select(const void *features, int32_t dtype, int64_t n_rows, int64_t n_numeric,
                const int32_t *codes, int64_t n_categorical, const int64_t *categorical_positions,
                const int32_t *category_counts, const char *const *category_names,
                const int32_t *labels, int64_t n_labels, const char *const *class_names,
                int32_t n_classes, const char *label_name,
                const char *method, const char *settings, uint64_t seed, int32_t threads,
                gais_progress_fn progress, void *progress_data,
                int64_t **out_indices, int64_t *out_count, float **out_scores, char **out_report);

/*
 * gais_select with the scaling of a larger table this one is a part of (a shard): the encoder
 * is not fitted on these rows but built from the whole table's column summaries, exactly as
 * fitting on the whole would build it, so every shard measures distances alike.
 *   numeric_summaries     n_numeric x 4 doubles, row-major, one row per numeric column in
 *                         numeric order: min, max, sum and count of the whole table's
 *                         non-missing values (min, max unused when count is 0; a column with
 *                         count 0 or min == max is dropped; the mean imputes missing values).
 *   category_frequencies  for every categorical column one after the other, the number of rows
 *                         of the whole table holding each of its categories (category_names
 *                         must then list the whole table's categories); a column with fewer
 *                         than two categories present is dropped, the most frequent category
 *                         imputes missing values.
 * Both may be NULL only when their count is 0. Values outside [min, max] are scaled beyond
 * [0, 1]; infinite values are refused. Every other argument is as for gais_select.
 */
int gais_select_scaled(const void *features, int32_t dtype, int64_t n_rows, int64_t n_numeric,
                       const int32_t *codes, int64_t n_categorical, const int64_t *categorical_positions,
                       const int32_t *category_counts, const char *const *category_names,
                       const int32_t *labels, int64_t n_labels, const char *const *class_names,
                       int32_t n_classes, const char *label_name,
                       const double *numeric_summaries, const int64_t *category_frequencies,
                       const char *method, const char *settings, uint64_t seed, int32_t threads,
                       gais_progress_fn progress, void *progress_data,
                       int64_t **out_indices, int64_t *out_count, float **out_scores, char **out_report);

/*
 * Stratified shards (docs/spark.md; `gais select --shard I/N` uses the same rule).
 * Each row's key hashes the seed, its class name and its values in column order (a number as
 * its 32-bit float, a category by its name, missing as missing): it depends on the row's
 * content only. Within each class, rows ranked by key ascending (ties by row index) are dealt
 * to shards 0, 1, ..., n_shards-1, 0, 1, ... (rank modulo n_shards).
 * The table arguments are those of gais_select. Outputs, allocated by the caller with n_rows
 * elements each, either may be NULL (not both):
 *   out_keys    every row's key;
 *   out_shards  every row's shard in 0..n_shards-1 (n_shards >= 1 when given).
 */
int gais_shard_keys(const void *features, int32_t dtype, int64_t n_rows, int64_t n_numeric,
                    const int32_t *codes, int64_t n_categorical, const int64_t *categorical_positions,
                    const int32_t *category_counts, const char *const *category_names,
                    const int32_t *labels, int64_t n_labels, const char *const *class_names,
                    int32_t n_classes, uint64_t seed, int64_t n_shards, int32_t threads,
                    uint64_t *out_keys, int32_t *out_shards);

/* The column summaries gais_select_scaled takes, of this table (labels are not needed): fitting
 * the encoder on the table learns exactly these. Summaries of disjoint parts combine (min of
 * mins, max of maxes, sums of sums, counts and frequencies), so a table can be summarised part
 * by part. Outputs, allocated by the caller: out_numeric n_numeric x 4 doubles (min, max, sum,
 * count; all 0 for a column without values), out_frequencies one int64 per category name (each
 * categorical column's in turn, in the given order). Either may be NULL when its count is 0. */
int gais_column_summaries(const void *features, int32_t dtype, int64_t n_rows, int64_t n_numeric,
                          const int32_t *codes, int64_t n_categorical, const int64_t *categorical_positions,
                          const int32_t *category_counts, const char *const *category_names,
                          int32_t threads, double *out_numeric, int64_t *out_frequencies);

/* The seed shard `shard` (>= 0) of a run with `seed` is selected with; shard -1: the seed of
 * the merge pass over the union of the shards' selections. Never fails. */
uint64_t gais_shard_seed(uint64_t seed, int64_t shard);

#ifdef __cplusplus
}
#endif

#endif /* GAIS_H */
