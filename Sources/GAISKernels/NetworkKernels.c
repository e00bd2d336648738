// Float kernels of GAISNetwork's attention layer. Each loop mirrors the generic Swift reference
// in AttentionLayer.swift / AttentionLayer+Backward.swift operation for operation (same
// summation order, same starting values, no fused multiply-add), so the two agree bit for bit;
// the tests check that on random graphs.
#include "GAISNetworkKernels.h"
#include "FloatExpBody.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

#define GAIS_INLINE static inline __attribute__((always_inline))

// Each kernel is compiled for AVX-512, AVX2+FMA (Haswell) and baseline x86-64 and the loader
// picks the best the CPU has (an ifunc): only the vector width changes, never an operation,
// since FP_CONTRACT is off and no loop reassociates, so all three give the same bits. (FMA
// matters only to the inlined e^x, whose explicit fma() calls are exact on every path.)
#if defined(__x86_64__) && defined(__linux__)
#define GAIS_CLONES __attribute__((target_clones("avx512f", "arch=haswell", "default")))
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

GAIS_CLONES void gais_gat_project(long rowLo, long rowHi, long inputWidth, long width,
        const float *x, const float *weight, float *out) {
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

GAIS_INLINE void gais_gat_attention_forward_body(long rowLo, long rowHi, const long *rowStart,
        const int32_t *source, const float *z, const float *s, const float *t, long heads,
        long headWidth, const float *mask, float slope, const float *bias, float *logits,
        float *attention, float *dropped, float *out) {
    const long width = heads * headWidth;
    for (long i = rowLo; i < rowHi; i++) {
        const long lo = rowStart[i], hi = rowStart[i + 1];
        float maxima[heads];
        for (long h = 0; h < heads; h++) {
            const float ti = t[i * heads + h];
            float maximum = -INFINITY;
            for (long p = lo; p < hi; p++) {
                const float raw = s[(long)source[p] * heads + h] + ti;
                logits[p * heads + h] = raw;
                const float activated = raw > 0 ? raw : raw * slope;
                if (activated > maximum) maximum = activated;
            }
            maxima[h] = maximum;
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
        for (long h = 0; h < heads; h++) {
            float total = 0;
            for (long p = lo; p < hi; p++) total += attention[p * heads + h];
            const float scale = 1 / total;
            for (long p = lo; p < hi; p++) attention[p * heads + h] *= scale;
        }
        float *restrict row = out + i * width;
        for (long c = 0; c < width; c++) row[c] = bias[c];
        for (long p = lo; p < hi; p++) {
            const float *restrict from = z + (long)source[p] * width;
            for (long h = 0; h < heads; h++) {
                float a = attention[p * heads + h];
                if (mask) {
                    a *= mask[p * heads + h];
                    dropped[p * heads + h] = a;
                }
                const long base = h * headWidth;
                add_scaled(row + base, from + base, a, headWidth);
            }
        }
    }
}

GAIS_CLONES void gais_gat_attention_forward(long rowLo, long rowHi, const long *rowStart,
        const int32_t *source, const float *z, const float *s, const float *t, long heads,
        long headWidth, const float *mask, float slope, const float *bias, float *logits,
        float *attention, float *dropped, float *out) {
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
    for (long i = rowLo; i < rowHi; i++) {
        const long lo = rowStart[i], hi = rowStart[i + 1];
        for (long h = 0; h < heads; h++) {
            const float *gi = g + i * width + h * headWidth;
            float weighted = 0;
            for (long p = lo; p < hi; p++) {
                const float *zj = z + (long)source[p] * width + h * headWidth;
                float d = 0;
                for (long f = 0; f < headWidth; f++) d += gi[f] * zj[f];
                if (mask) d *= mask[p * heads + h];
                de[p * heads + h] = d;
                weighted += attention[p * heads + h] * d;
            }
            float rowSum = 0;
            for (long p = lo; p < hi; p++) {
                const long k = p * heads + h;
                float d = attention[k] * (de[k] - weighted);
                if (!(logits[k] > 0)) d *= slope;
                de[k] = d;
                rowSum += d;
            }
            dt[i * heads + h] = rowSum;
        }
    }
}

GAIS_CLONES void gais_gat_backward_logits(long rowLo, long rowHi, const long *rowStart,
        const int32_t *source, const float *z, const float *g, const float *attention,
        const float *logits, const float *mask, long heads, long headWidth, float slope, float *de,
        float *dt) {
    SHAPE_DISPATCH(gais_gat_backward_logits_body, rowLo, rowHi, rowStart, source, z, g, attention,
                   logits, mask, HEADS, HEAD_WIDTH, slope, de, dt);
}

GAIS_INLINE void gais_gat_backward_gather_body(long nodeLo, long nodeHi, const long *outgoingStart,
        const int32_t *outgoingEdge, const int32_t *target, const float *attention, const float *g,
        const float *de, const float *dt, const float *attentionSource,
        const float *attentionTarget, long heads, long headWidth, float *ds, float *dz) {
    const long width = heads * headWidth;
    for (long j = nodeLo; j < nodeHi; j++) {
        float *restrict row = dz + j * width;
        for (long q = outgoingStart[j]; q < outgoingStart[j + 1]; q++) {
            const long p = outgoingEdge[q];
            const float *restrict gi = g + (long)target[p] * width;
            for (long h = 0; h < heads; h++) {
                const float a = attention[p * heads + h];
                ds[j * heads + h] += de[p * heads + h];
                const long base = h * headWidth;
                add_scaled(row + base, gi + base, a, headWidth);
            }
        }
        for (long h = 0; h < heads; h++) {
            const float sj = ds[j * heads + h], tj = dt[j * heads + h];
            const long base = h * headWidth;
            for (long f = base; f < base + headWidth; f++) {
                row[f] += sj * attentionSource[f] + tj * attentionTarget[f];
            }
        }
    }
}

GAIS_CLONES void gais_gat_backward_gather(long nodeLo, long nodeHi, const long *outgoingStart,
        const int32_t *outgoingEdge, const int32_t *target, const float *attention, const float *g,
        const float *de, const float *dt, const float *attentionSource,
        const float *attentionTarget, long heads, long headWidth, float *ds, float *dz) {
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

GAIS_CLONES void gais_gat_weight_gradient(long kLo, long kHi, long n, long inputWidth, long width,
        const float *x, const float *dz, float *dw) {
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

GAIS_CLONES void gais_gat_elu(float *values, long count) {
    float exps[256];
    for (long start = 0; start < count; start += 256) {
        const long m = count - start < 256 ? count - start : 256;
        float *v = values + start;
        for (long j = 0; j < m; j++) exps[j] = gais_exp_inline(v[j]);
        for (long j = 0; j < m; j++) v[j] = v[j] > 0 ? v[j] : exps[j] - 1;
    }
}
