// Float kernels of GAISNetwork's attention layer. Each loop mirrors the generic Swift reference
// in AttentionLayer.swift / AttentionLayer+Backward.swift operation for operation (same
// summation order, same starting values, no fused multiply-add), so the two agree bit for bit;
// the tests check that on random graphs.
#include "GAISNetworkKernels.h"
#include "FloatExpBody.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

#define GAIS_INLINE static inline __attribute__((always_inline))

// Each kernel is compiled for AVX-512, AVX2+FMA (x86-64-v3) and baseline x86-64 and the loader
// picks the best the CPU has (an ifunc): only the vector width changes, never an operation,
// since FP_CONTRACT is off and no loop reassociates, so all three give the same bits. (FMA
// matters only to the inlined e^x, whose explicit fma() calls are exact on every path.)
#if defined(__x86_64__) && defined(__linux__)
#define GAIS_CLONES __attribute__((target_clones("avx512f", "arch=x86-64-v3", "default")))
#else
#define GAIS_CLONES
#endif

// The kernels below take the layer's shape at run time; SHAPE_DISPATCH calls an always-inline
// body with the common shapes as constants (the default first layer, 4 heads of 8, and second
// layers of one head with 2 to 8 classes), so the compiler can unroll and vectorise loops over
// heads and features. The arithmetic, and so every result, is the same in each copy.
#define SHAPE_DISPATCH(body, ...)                                                   \
    do {                                                                            \
        if (heads == 4 && headWidth == 8) {                                         \
            enum { HEADS = 4, HEAD_WIDTH = 8 };                                     \
            body(__VA_ARGS__);                                                      \
        } else if (heads == 1 && headWidth >= 2 && headWidth <= 8) {                \
            enum { HEADS = 1 };                                                     \
            switch (headWidth) {                                                    \
            case 2: { enum { HEAD_WIDTH = 2 }; body(__VA_ARGS__); break; }          \
            case 3: { enum { HEAD_WIDTH = 3 }; body(__VA_ARGS__); break; }          \
            case 4: { enum { HEAD_WIDTH = 4 }; body(__VA_ARGS__); break; }          \
            case 5: { enum { HEAD_WIDTH = 5 }; body(__VA_ARGS__); break; }          \
            case 6: { enum { HEAD_WIDTH = 6 }; body(__VA_ARGS__); break; }          \
            case 7: { enum { HEAD_WIDTH = 7 }; body(__VA_ARGS__); break; }          \
            default: { enum { HEAD_WIDTH = 8 }; body(__VA_ARGS__); break; }         \
            }                                                                       \
        } else {                                                                    \
            const long HEADS = heads, HEAD_WIDTH = headWidth;                       \
            body(__VA_ARGS__);                                                      \
        }                                                                           \
    } while (0)


// The same for kernels that only depend on the output width: 32 (4 heads of 8) and 2 to 8.
#define WIDTH_DISPATCH(body, ...)                                                   \
    do {                                                                            \
        switch (width) {                                                            \
        case 32: { enum { WIDTH = 32 }; body(__VA_ARGS__); break; }                 \
        case 2: { enum { WIDTH = 2 }; body(__VA_ARGS__); break; }                   \
        case 3: { enum { WIDTH = 3 }; body(__VA_ARGS__); break; }                   \
        case 4: { enum { WIDTH = 4 }; body(__VA_ARGS__); break; }                   \
        case 5: { enum { WIDTH = 5 }; body(__VA_ARGS__); break; }                   \
        case 6: { enum { WIDTH = 6 }; body(__VA_ARGS__); break; }                   \
        case 7: { enum { WIDTH = 7 }; body(__VA_ARGS__); break; }                   \
        case 8: { enum { WIDTH = 8 }; body(__VA_ARGS__); break; }                   \
        default: { const long WIDTH = width; body(__VA_ARGS__); break; }            \
        }                                                                           \
    } while (0)


// y[c] += a * x[c] (a product, then a sum: the reference's `y[c] += a * x[c]`). As a function
// with restrict parameters it tells the compiler that y and x never overlap, which a restrict
// local does not, so the loop is vectorised once inlined.
GAIS_INLINE void add_scaled(float *restrict y, const float *restrict x, float a, long count) {
    for (long c = 0; c < count; c++) y[c] += a * x[c];
}

// The helpers taking and returning 8-lane vectors are always inlined, so no vector crosses a
// call and the baseline clone's ABI note (-Wpsabi) does not apply.
#pragma clang diagnostic ignored "-Wpsabi"
typedef float gais_f4 __attribute__((vector_size(16)));
typedef int32_t gais_i4 __attribute__((vector_size(16)));
GAIS_INLINE gais_f4 load4(const float *p) { gais_f4 v; __builtin_memcpy(&v, p, sizeof v); return v; }
GAIS_INLINE void store4(float *p, gais_f4 v) { __builtin_memcpy(p, &v, sizeof v); }
typedef float gais_f8 __attribute__((vector_size(32)));
GAIS_INLINE gais_f8 load8(const float *p) { gais_f8 v; __builtin_memcpy(&v, p, sizeof v); return v; }
GAIS_INLINE void store8(float *p, gais_f8 v) { __builtin_memcpy(p, &v, sizeof v); }
// 16 lanes: with AVX-512F alone only 16 registers hold 8-lane vectors, but 32 hold 16-lane ones.
typedef float gais_f16 __attribute__((vector_size(64)));
GAIS_INLINE gais_f16 load16(const float *p) { gais_f16 v; __builtin_memcpy(&v, p, sizeof v); return v; }
GAIS_INLINE void store16(float *p, gais_f16 v) { __builtin_memcpy(p, &v, sizeof v); }
// condition ? a : b lane by lane, for a lane mask from a vector comparison (all ones or zero):
// the scalar loops' ternaries and ifs, without a branch.
GAIS_INLINE gais_f4 select4(gais_i4 condition, gais_f4 a, gais_f4 b) {
    return (gais_f4)(((gais_i4)a & condition) | ((gais_i4)b & ~condition));
}
// x > 0 ? x : x · slope, lane by lane (the scalar loops' LeakyReLU).
GAIS_INLINE gais_f4 leaky4(gais_f4 x, float slope) { return select4(x > 0, x, x * slope); }

GAIS_INLINE void gais_gat_project_body(long rowLo, long rowHi, long inputWidth, long width,
        const float *x, const float *weight, float *out) {
    long i = rowLo;
    // Four rows share each row of W; each output is still summed over k in order from zero.
    for (; i + 4 <= rowHi; i += 4) {
        float *restrict r0 = out + i * width, *restrict r1 = r0 + width;
        float *restrict r2 = r1 + width, *restrict r3 = r2 + width;
        const float *x0 = x + i * inputWidth, *x1 = x0 + inputWidth;
        const float *x2 = x1 + inputWidth, *x3 = x2 + inputWidth;
        for (long k = 0; k < inputWidth; k++) {
            const float v0 = x0[k], v1 = x1[k], v2 = x2[k], v3 = x3[k];
            const float *restrict w = weight + k * width;
            for (long c = 0; c < width; c++) {
                const float wc = w[c];
                r0[c] += v0 * wc;
                r1[c] += v1 * wc;
                r2[c] += v2 * wc;
                r3[c] += v3 * wc;
            }
        }
    }
    for (; i < rowHi; i++) {
        float *restrict r = out + i * width;
        const float *xr = x + i * inputWidth;
        for (long k = 0; k < inputWidth; k++) {
            const float v = xr[k];
            const float *restrict w = weight + k * width;
            add_scaled(r, w, v, width);
        }
    }
}

// The 32-wide case (the default first layer) of gais_gat_project_body: four rows' outputs
// stay in eight 16-lane accumulators over the whole k loop; each output is still summed over
// k in order from its starting value.
GAIS_INLINE void gais_gat_project_width32(long rowLo, long rowHi, long inputWidth, const float *x,
        const float *weight, float *out) {
    enum { WIDTH = 32 };
    long i = rowLo;
    for (; i + 4 <= rowHi; i += 4) {
        gais_f16 acc[4][2];
        for (int r = 0; r < 4; r++)
            for (int q = 0; q < 2; q++) acc[r][q] = load16(out + (i + r) * WIDTH + q * 16);
        const float *x0 = x + i * inputWidth;
        for (long k = 0; k < inputWidth; k++) {
            const float *w = weight + k * WIDTH;
            const gais_f16 w0 = load16(w), w1 = load16(w + 16);
            for (int r = 0; r < 4; r++) {
                const float v = x0[r * inputWidth + k];
                acc[r][0] = acc[r][0] + v * w0;
                acc[r][1] = acc[r][1] + v * w1;
            }
        }
        for (int r = 0; r < 4; r++)
            for (int q = 0; q < 2; q++) store16(out + (i + r) * WIDTH + q * 16, acc[r][q]);
    }
    for (; i < rowHi; i++) {
        float *restrict r = out + i * WIDTH;
        const float *xr = x + i * inputWidth;
        for (long k = 0; k < inputWidth; k++) add_scaled(r, weight + k * WIDTH, xr[k], WIDTH);
    }
}

GAIS_CLONES void gais_gat_project(long rowLo, long rowHi, long inputWidth, long width,
        const float *x, const float *weight, float *out) {
    if (width == 32) {
        gais_gat_project_width32(rowLo, rowHi, inputWidth, x, weight, out);
        return;
    }
    WIDTH_DISPATCH(gais_gat_project_body, rowLo, rowHi, inputWidth, WIDTH, x, weight, out);
}

GAIS_INLINE void gais_gat_attention_halves_body(long rowLo, long rowHi, long heads, long headWidth,
        const float *z, const float *attentionSource, const float *attentionTarget, float *s,
        float *t) {
    const long width = heads * headWidth;
    for (long i = rowLo; i < rowHi; i++) {
        for (long h = 0; h < heads; h++) {
            float ss = 0, tt = 0;
            const float *zi = z + i * width + h * headWidth;
            const float *as = attentionSource + h * headWidth, *at = attentionTarget + h * headWidth;
            for (long f = 0; f < headWidth; f++) {
                ss += as[f] * zi[f];
                tt += at[f] * zi[f];
            }
            s[i * heads + h] = ss;
            t[i * heads + h] = tt;
        }
    }
}

GAIS_CLONES void gais_gat_attention_halves(long rowLo, long rowHi, long heads, long headWidth,
        const float *z, const float *attentionSource, const float *attentionTarget, float *s,
        float *t) {
    SHAPE_DISPATCH(gais_gat_attention_halves_body, rowLo, rowHi, HEADS, HEAD_WIDTH, z,
                   attentionSource, attentionTarget, s, t);
}

// Four lanes, one per head, for the default first layer (4 heads of 8). Vector arithmetic is
// lane-wise IEEE arithmetic, not fused (FP_CONTRACT is off), so each lane computes exactly the
// scalar loop's value for its head.
GAIS_INLINE void gais_gat_attention_forward_body(long rowLo, long rowHi, const long *rowStart,
        const int32_t *source, const float *z, const float *s, const float *t, long heads,
        long headWidth, const float *mask, float slope, const float *bias, float *logits,
        float *attention, float *dropped, float *out) {
    const long width = heads * headWidth;
    // The loops run edge by edge with all heads inside, so each edge's heads (and, with the
    // shape constant, its whole row of z) are one vector; every head still sees its edges in
    // order, so the maxima, sums and products are those of a loop per head. The output row is
    // summed in a local array (registers, for the common shapes) and stored once.
    for (long i = rowLo; i < rowHi; i++) {
        const long lo = rowStart[i], hi = rowStart[i + 1];
        float maxima[heads], totals[heads], ti[heads];
        for (long h = 0; h < heads; h++) {
            ti[h] = t[i * heads + h];
            maxima[h] = -INFINITY;
        }
        for (long p = lo; p < hi; p++) {
            const float *sj = s + (long)source[p] * heads;
            for (long h = 0; h < heads; h++) {
                const float raw = sj[h] + ti[h];
                logits[p * heads + h] = raw;
                const float activated = raw > 0 ? raw : raw * slope;
                if (activated > maxima[h]) maxima[h] = activated;
            }
        }
        // e^(activated − maximum) for the whole row at once (a vectorised loop), then each
        // head's sum in edge order.
        for (long p = lo; p < hi; p++) {
            for (long h = 0; h < heads; h++) {
                const float raw = logits[p * heads + h];
                const float activated = raw > 0 ? raw : raw * slope;
                attention[p * heads + h] = activated - maxima[h];
            }
        }
        for (long k = lo * heads; k < hi * heads; k++) attention[k] = gais_exp_inline(attention[k]);
        for (long h = 0; h < heads; h++) totals[h] = 0;
        for (long p = lo; p < hi; p++) {
            for (long h = 0; h < heads; h++) totals[h] += attention[p * heads + h];
        }
        for (long h = 0; h < heads; h++) totals[h] = 1 / totals[h];
        for (long p = lo; p < hi; p++) {
            for (long h = 0; h < heads; h++) attention[p * heads + h] *= totals[h];
        }
        float row[width];
        for (long c = 0; c < width; c++) row[c] = bias[c];
        if (mask) {
            for (long p = lo; p < hi; p++) {
                for (long h = 0; h < heads; h++) {
                    dropped[p * heads + h] = attention[p * heads + h] * mask[p * heads + h];
                }
            }
        }
        const float *weights = mask ? dropped : attention;
        for (long p = lo; p < hi; p++) {
            const float *restrict from = z + (long)source[p] * width;
            for (long h = 0; h < heads; h++) {
                const float a = weights[p * heads + h];
                for (long f = 0; f < headWidth; f++) row[h * headWidth + f] += a * from[h * headWidth + f];
            }
        }
        float *restrict destination = out + i * width;
        for (long c = 0; c < width; c++) destination[c] = row[c];
    }
}

// The 4-heads-of-8 case of gais_gat_attention_forward_body with one lane per head (and one
// 8-lane vector per head for the output row); the same operations in the same order.
GAIS_INLINE void gais_gat_attention_forward_heads4(long rowLo, long rowHi, const long *rowStart,
        const int32_t *source, const float *z, const float *s, const float *t, const float *mask,
        float slope, const float *bias, float *logits, float *attention, float *dropped, float *out) {
    enum { HEADS = 4, HEAD_WIDTH = 8, WIDTH = 32 };
    for (long i = rowLo; i < rowHi; i++) {
        const long lo = rowStart[i], hi = rowStart[i + 1];
        const gais_f4 ti = load4(t + i * HEADS);
        gais_f4 maxima = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
        for (long p = lo; p < hi; p++) {
            const gais_f4 raw = load4(s + (long)source[p] * HEADS) + ti;
            store4(logits + p * HEADS, raw);
            const gais_f4 activated = leaky4(raw, slope);
            maxima = select4(activated > maxima, activated, maxima);
        }
        for (long p = lo; p < hi; p++) {
            store4(attention + p * HEADS, leaky4(load4(logits + p * HEADS), slope) - maxima);
        }
        for (long k = lo * HEADS; k < hi * HEADS; k++) attention[k] = gais_exp_inline(attention[k]);
        gais_f4 totals = {0, 0, 0, 0};
        for (long p = lo; p < hi; p++) totals = totals + load4(attention + p * HEADS);
        const gais_f4 scales = 1 / totals;
        for (long p = lo; p < hi; p++) store4(attention + p * HEADS, load4(attention + p * HEADS) * scales);
        const float *weights = attention;
        if (mask) {
            for (long p = lo; p < hi; p++) {
                store4(dropped + p * HEADS, load4(attention + p * HEADS) * load4(mask + p * HEADS));
            }
            weights = dropped;
        }
        gais_f8 row0 = load8(bias), row1 = load8(bias + 8), row2 = load8(bias + 16), row3 = load8(bias + 24);
        for (long p = lo; p < hi; p++) {
            const float *from = z + (long)source[p] * WIDTH;
            const float *a = weights + p * HEADS;
            row0 = row0 + a[0] * load8(from);
            row1 = row1 + a[1] * load8(from + 8);
            row2 = row2 + a[2] * load8(from + 16);
            row3 = row3 + a[3] * load8(from + 24);
        }
        float *destination = out + i * WIDTH;
        store8(destination, row0);
        store8(destination + 8, row1);
        store8(destination + 16, row2);
        store8(destination + 24, row3);
    }
}

GAIS_CLONES void gais_gat_attention_forward(long rowLo, long rowHi, const long *rowStart,
        const int32_t *source, const float *z, const float *s, const float *t, long heads,
        long headWidth, const float *mask, float slope, const float *bias, float *logits,
        float *attention, float *dropped, float *out) {
    if (heads == 4 && headWidth == 8) {
        gais_gat_attention_forward_heads4(rowLo, rowHi, rowStart, source, z, s, t, mask, slope, bias,
                                          logits, attention, dropped, out);
        return;
    }
    SHAPE_DISPATCH(gais_gat_attention_forward_body, rowLo, rowHi, rowStart, source, z, s, t, HEADS,
                   HEAD_WIDTH, mask, slope, bias, logits, attention, dropped, out);
}

GAIS_CLONES void gais_gat_column_sums(long n, long width, const float *g, float *bias) {
    for (long i = 0; i < n; i++) {
        const float *gi = g + i * width;
        for (long c = 0; c < width; c++) bias[c] += gi[c];
    }
}

GAIS_INLINE void gais_gat_backward_logits_body(long rowLo, long rowHi, const long *rowStart,
        const int32_t *source, const float *z, const float *g, const float *attention,
        const float *logits, const float *mask, long heads, long headWidth, float slope, float *de,
        float *dt) {
    const long width = heads * headWidth;
    // Edge by edge with all heads inside (as in the forward kernel): each head still sums its
    // edges in order, so the results are those of a loop per head.
    for (long i = rowLo; i < rowHi; i++) {
        const long lo = rowStart[i], hi = rowStart[i + 1];
        const float *gi = g + i * width;
        float weighted[heads], rowSums[heads];
        for (long h = 0; h < heads; h++) weighted[h] = 0, rowSums[h] = 0;
        for (long p = lo; p < hi; p++) {
            const float *zj = z + (long)source[p] * width;
            for (long h = 0; h < heads; h++) {
                float d = 0;
                for (long f = 0; f < headWidth; f++) d += gi[h * headWidth + f] * zj[h * headWidth + f];
                if (mask) d *= mask[p * heads + h];
                de[p * heads + h] = d;
                weighted[h] += attention[p * heads + h] * d;
            }
        }
        for (long p = lo; p < hi; p++) {
            for (long h = 0; h < heads; h++) {
                const long k = p * heads + h;
                float d = attention[k] * (de[k] - weighted[h]);
                if (!(logits[k] > 0)) d *= slope;
                de[k] = d;
                rowSums[h] += d;
            }
        }
        for (long h = 0; h < heads; h++) dt[i * heads + h] = rowSums[h];
    }
}

GAIS_CLONES void gais_gat_transpose_heads(long n, long heads, long headWidth, const float *z,
        float *zByFeature) {
    const long width = heads * headWidth;
    for (long j = 0; j < n; j++) {
        for (long h = 0; h < heads; h++) {
            for (long f = 0; f < headWidth; f++) {
                zByFeature[j * width + f * heads + h] = z[j * width + h * headWidth + f];
            }
        }
    }
}

// The 4-heads-of-8 case of gais_gat_backward_logits_body, one lane per head: the dot products
// read z feature-major (zByFeature), so each step is one 4-lane multiply and add.
GAIS_INLINE void gais_gat_backward_logits_heads4(long rowLo, long rowHi, const long *rowStart,
        const int32_t *source, const float *zByFeature, const float *g, const float *attention,
        const float *logits, const float *mask, float slope, float *de, float *dt) {
    enum { HEADS = 4, HEAD_WIDTH = 8, WIDTH = 32 };
    for (long i = rowLo; i < rowHi; i++) {
        const long lo = rowStart[i], hi = rowStart[i + 1];
        const float *gi = g + i * WIDTH;
        gais_f4 gByFeature[HEAD_WIDTH];
        for (long f = 0; f < HEAD_WIDTH; f++) {
            const gais_f4 v = {gi[f], gi[HEAD_WIDTH + f], gi[2 * HEAD_WIDTH + f], gi[3 * HEAD_WIDTH + f]};
            gByFeature[f] = v;
        }
        gais_f4 weighted = {0, 0, 0, 0}, rowSums = {0, 0, 0, 0};
        for (long p = lo; p < hi; p++) {
            const float *zj = zByFeature + (long)source[p] * WIDTH;
            gais_f4 d = {0, 0, 0, 0};
            for (long f = 0; f < HEAD_WIDTH; f++) d = d + gByFeature[f] * load4(zj + f * HEADS);
            if (mask) d = d * load4(mask + p * HEADS);
            store4(de + p * HEADS, d);
            weighted = weighted + load4(attention + p * HEADS) * d;
        }
        for (long p = lo; p < hi; p++) {
            const gais_f4 d = load4(attention + p * HEADS) * (load4(de + p * HEADS) - weighted);
            const gais_f4 chosen = select4(load4(logits + p * HEADS) > 0, d, d * slope);
            store4(de + p * HEADS, chosen);
            rowSums = rowSums + chosen;
        }
        store4(dt + i * HEADS, rowSums);
    }
}

GAIS_CLONES void gais_gat_backward_logits(long rowLo, long rowHi, const long *rowStart,
        const int32_t *source, const float *z, const float *zByFeature, const float *g,
        const float *attention, const float *logits, const float *mask, long heads, long headWidth,
        float slope, float *de, float *dt) {
    if (heads == 4 && headWidth == 8 && zByFeature) {
        gais_gat_backward_logits_heads4(rowLo, rowHi, rowStart, source, zByFeature, g, attention,
                                        logits, mask, slope, de, dt);
        return;
    }
    SHAPE_DISPATCH(gais_gat_backward_logits_body, rowLo, rowHi, rowStart, source, z, g, attention,
                   logits, mask, HEADS, HEAD_WIDTH, slope, de, dt);
}

GAIS_INLINE void gais_gat_backward_gather_body(long nodeLo, long nodeHi, const long *outgoingStart,
        const int32_t *outgoingEdge, const int32_t *target, const float *attention, const float *g,
        const float *de, const float *dt, const float *attentionSource,
        const float *attentionTarget, long heads, long headWidth, float *ds, float *dz) {
    const long width = heads * headWidth;
    // Node j's row of dz and its ds are summed in local arrays (registers, for the common
    // shapes), in the same order as in place, and stored once.
    for (long j = nodeLo; j < nodeHi; j++) {
        float row[width], sums[heads];
        for (long c = 0; c < width; c++) row[c] = dz[j * width + c];
        for (long h = 0; h < heads; h++) sums[h] = ds[j * heads + h];
        for (long q = outgoingStart[j]; q < outgoingStart[j + 1]; q++) {
            const long p = outgoingEdge[q];
            const float *restrict gi = g + (long)target[p] * width;
            for (long h = 0; h < heads; h++) {
                const float a = attention[p * heads + h];
                sums[h] += de[p * heads + h];
                for (long f = 0; f < headWidth; f++) row[h * headWidth + f] += a * gi[h * headWidth + f];
            }
        }
        for (long h = 0; h < heads; h++) {
            const float sj = sums[h], tj = dt[j * heads + h];
            ds[j * heads + h] = sj;
            const long base = h * headWidth;
            for (long f = base; f < base + headWidth; f++) {
                row[f] += sj * attentionSource[f] + tj * attentionTarget[f];
            }
        }
        for (long c = 0; c < width; c++) dz[j * width + c] = row[c];
    }
}

// The 4-heads-of-8 case of gais_gat_backward_gather_body: ds in one 4-lane vector, the row
// of dz in one 8-lane vector per head; the same operations in the same order.
GAIS_INLINE void gais_gat_backward_gather_heads4(long nodeLo, long nodeHi, const long *outgoingStart,
        const int32_t *outgoingEdge, const int32_t *target, const float *attention, const float *g,
        const float *de, const float *dt, const float *attentionSource,
        const float *attentionTarget, float *ds, float *dz) {
    enum { HEADS = 4, WIDTH = 32 };
    for (long j = nodeLo; j < nodeHi; j++) {
        float *row = dz + j * WIDTH;
        gais_f8 row0 = load8(row), row1 = load8(row + 8), row2 = load8(row + 16), row3 = load8(row + 24);
        gais_f4 sums = load4(ds + j * HEADS);
        for (long q = outgoingStart[j]; q < outgoingStart[j + 1]; q++) {
            const long p = outgoingEdge[q];
            const float *gi = g + (long)target[p] * WIDTH;
            const float *a = attention + p * HEADS;
            sums = sums + load4(de + p * HEADS);
            row0 = row0 + a[0] * load8(gi);
            row1 = row1 + a[1] * load8(gi + 8);
            row2 = row2 + a[2] * load8(gi + 16);
            row3 = row3 + a[3] * load8(gi + 24);
        }
        store4(ds + j * HEADS, sums);
        const float *tj = dt + j * HEADS;
        row0 = row0 + (sums[0] * load8(attentionSource) + tj[0] * load8(attentionTarget));
        row1 = row1 + (sums[1] * load8(attentionSource + 8) + tj[1] * load8(attentionTarget + 8));
        row2 = row2 + (sums[2] * load8(attentionSource + 16) + tj[2] * load8(attentionTarget + 16));
        row3 = row3 + (sums[3] * load8(attentionSource + 24) + tj[3] * load8(attentionTarget + 24));
        store8(row, row0);
        store8(row + 8, row1);
        store8(row + 16, row2);
        store8(row + 24, row3);
    }
}

GAIS_CLONES void gais_gat_backward_gather(long nodeLo, long nodeHi, const long *outgoingStart,
        const int32_t *outgoingEdge, const int32_t *target, const float *attention, const float *g,
        const float *de, const float *dt, const float *attentionSource,
        const float *attentionTarget, long heads, long headWidth, float *ds, float *dz) {
    if (heads == 4 && headWidth == 8) {
        gais_gat_backward_gather_heads4(nodeLo, nodeHi, outgoingStart, outgoingEdge, target, attention,
                                        g, de, dt, attentionSource, attentionTarget, ds, dz);
        return;
    }
    SHAPE_DISPATCH(gais_gat_backward_gather_body, nodeLo, nodeHi, outgoingStart, outgoingEdge,
                   target, attention, g, de, dt, attentionSource, attentionTarget, HEADS,
                   HEAD_WIDTH, ds, dz);
}

GAIS_INLINE void gais_gat_attention_vector_gradients_body(long n, long heads, long headWidth,
        const float *z, const float *ds, const float *dt, float *gradientSource,
        float *gradientTarget) {
    const long width = heads * headWidth;
    for (long j = 0; j < n; j++) {
        for (long h = 0; h < heads; h++) {
            const float sj = ds[j * heads + h], tj = dt[j * heads + h];
            const long base = h * headWidth;
            for (long f = base; f < base + headWidth; f++) {
                gradientSource[f] += sj * z[j * width + f];
                gradientTarget[f] += tj * z[j * width + f];
            }
        }
    }
}

GAIS_CLONES void gais_gat_attention_vector_gradients(long n, long heads, long headWidth,
        const float *z, const float *ds, const float *dt, float *gradientSource,
        float *gradientTarget) {
    SHAPE_DISPATCH(gais_gat_attention_vector_gradients_body, n, HEADS, HEAD_WIDTH, z, ds, dt,
                   gradientSource, gradientTarget);
}

GAIS_INLINE void gais_gat_weight_gradient_body(long kLo, long kHi, long n, long inputWidth,
        long width, const float *x, const float *dz, float *dw) {
    for (long i = 0; i < n; i++) {
        const float *xr = x + i * inputWidth;
        const float *restrict dzr = dz + i * width;
        for (long k = kLo; k < kHi; k++) {
            const float v = xr[k];
            if (v == 0) continue;
            float *restrict row = dw + k * width;
            add_scaled(row, dzr, v, width);
        }
    }
}

// The 32-wide case of gais_gat_weight_gradient_body: four rows of dw stay in 16-lane
// accumulators over the whole i loop (each still summed over i in order, zero inputs skipped).
GAIS_INLINE void gais_gat_weight_gradient_width32(long kLo, long kHi, long n, long inputWidth,
        const float *x, const float *dz, float *dw) {
    enum { WIDTH = 32 };
    long k = kLo;
    for (; k + 4 <= kHi; k += 4) {
        gais_f16 acc[4][2];
        for (int r = 0; r < 4; r++)
            for (int q = 0; q < 2; q++) acc[r][q] = load16(dw + (k + r) * WIDTH + q * 16);
        for (long i = 0; i < n; i++) {
            const float *xr = x + i * inputWidth + k;
            const gais_f16 d0 = load16(dz + i * WIDTH), d1 = load16(dz + i * WIDTH + 16);
            for (int r = 0; r < 4; r++) {
                const float v = xr[r];
                if (v == 0) continue;
                acc[r][0] = acc[r][0] + v * d0;
                acc[r][1] = acc[r][1] + v * d1;
            }
        }
        for (int r = 0; r < 4; r++)
            for (int q = 0; q < 2; q++) store16(dw + (k + r) * WIDTH + q * 16, acc[r][q]);
    }
    if (k < kHi) gais_gat_weight_gradient_body(k, kHi, n, inputWidth, WIDTH, x, dz, dw);
}

GAIS_CLONES void gais_gat_weight_gradient(long kLo, long kHi, long n, long inputWidth, long width,
        const float *x, const float *dz, float *dw) {
    if (width == 32) {
        gais_gat_weight_gradient_width32(kLo, kHi, n, inputWidth, x, dz, dw);
        return;
    }
    WIDTH_DISPATCH(gais_gat_weight_gradient_body, kLo, kHi, n, inputWidth, WIDTH, x, dz, dw);
}

GAIS_INLINE void gais_gat_input_gradient_body(long rowLo, long rowHi, long inputWidth, long width,
        const float *dz, const float *weight, float *dx) {
    for (long i = rowLo; i < rowHi; i++) {
        const float *dzr = dz + i * width;
        float *dxr = dx + i * inputWidth;
        for (long k = 0; k < inputWidth; k++) {
            const float *w = weight + k * width;
            float sum = 0;
            for (long c = 0; c < width; c++) sum += dzr[c] * w[c];
            dxr[k] = sum;
        }
    }
}

GAIS_CLONES void gais_gat_input_gradient(long rowLo, long rowHi, long inputWidth, long width,
        const float *dz, const float *weight, float *dx) {
    WIDTH_DISPATCH(gais_gat_input_gradient_body, rowLo, rowHi, inputWidth, WIDTH, dz, weight, dx);
}

// A select per entry, never a branch: the sign of ELU's input is a coin toss per entry.
GAIS_CLONES void gais_gat_elu_backward(float *g, const float *before, const float *after, long count) {
    for (long k = 0; k < count; k++) {
        const float gradient = g[k];
        const float scaled = gradient * (after[k] + 1);
        g[k] = before[k] > 0 ? gradient : scaled;
    }
}

GAIS_CLONES void gais_gat_elu(float *values, long count) {
    float exps[256];
    for (long start = 0; start < count; start += 256) {
        const long m = count - start < 256 ? count - start : 256;
        float *v = values + start;
        for (long j = 0; j < m; j++) exps[j] = gais_exp_inline(v[j]);
        for (long j = 0; j < m; j++) v[j] = v[j] > 0 ? v[j] : exps[j] - 1;
    }
}
