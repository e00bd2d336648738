// Float kernels of GAISNetwork's attention layer. Each loop mirrors the generic Swift reference
// in AttentionLayer.swift / AttentionLayer+Backward.swift operation for operation (same
// summation order, same starting values, no fused multiply-add), so the two agree bit for bit;
// the tests check that on random graphs.
#include "GAISNetworkKernels.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

void gais_gat_project(long rowLo, long rowHi, long inputWidth, long width,
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
            for (long c = 0; c < width; c++) r[c] += v * w[c];
        }
    }
}

void gais_gat_attention_halves(long rowLo, long rowHi, long heads, long headWidth, const float *z,
                               const float *attentionSource, const float *attentionTarget,
                               float *s, float *t) {
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

void gais_gat_attention_forward(long rowLo, long rowHi, const long *rowStart, const int32_t *source,
                                const float *z, const float *s, const float *t, long heads,
                                long headWidth, const float *mask, float slope, const float *bias,
                                float *logits, float *attention, float *dropped, float *out) {
    const long width = heads * headWidth;
    for (long i = rowLo; i < rowHi; i++) {
        const long lo = rowStart[i], hi = rowStart[i + 1];
        for (long h = 0; h < heads; h++) {
            const float ti = t[i * heads + h];
            float maximum = -INFINITY;
            for (long p = lo; p < hi; p++) {
                const float raw = s[(long)source[p] * heads + h] + ti;
                logits[p * heads + h] = raw;
                const float activated = raw > 0 ? raw : raw * slope;
                if (activated > maximum) maximum = activated;
            }
            float total = 0;
            for (long p = lo; p < hi; p++) {
                const float raw = logits[p * heads + h];
                const float activated = raw > 0 ? raw : raw * slope;
                const float w = expf(activated - maximum);
                attention[p * heads + h] = w;
                total += w;
            }
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
                for (long f = base; f < base + headWidth; f++) row[f] += a * from[f];
            }
        }
    }
}

void gais_gat_column_sums(long n, long width, const float *g, float *bias) {
    for (long i = 0; i < n; i++) {
        const float *gi = g + i * width;
        for (long c = 0; c < width; c++) bias[c] += gi[c];
    }
}

void gais_gat_backward_logits(long rowLo, long rowHi, const long *rowStart, const int32_t *source,
                              const float *z, const float *g, const float *attention,
                              const float *logits, const float *mask, long heads, long headWidth,
                              float slope, float *de, float *dt) {
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

void gais_gat_backward_gather(long nodeLo, long nodeHi, const long *outgoingStart,
                              const int32_t *outgoingEdge, const int32_t *target,
                              const float *attention, const float *g, const float *de,
                              const float *dt, const float *attentionSource,
                              const float *attentionTarget, long heads, long headWidth,
                              float *ds, float *dz) {
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
                for (long f = base; f < base + headWidth; f++) row[f] += a * gi[f];
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

void gais_gat_attention_vector_gradients(long n, long heads, long headWidth, const float *z,
                                         const float *ds, const float *dt,
                                         float *gradientSource, float *gradientTarget) {
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

void gais_gat_weight_gradient(long kLo, long kHi, long n, long inputWidth, long width,
                              const float *x, const float *dz, float *dw) {
    for (long i = 0; i < n; i++) {
        const float *xr = x + i * inputWidth;
        const float *restrict dzr = dz + i * width;
        for (long k = kLo; k < kHi; k++) {
            const float v = xr[k];
            if (v == 0) continue;
            float *restrict row = dw + k * width;
            for (long c = 0; c < width; c++) row[c] += v * dzr[c];
        }
    }
}

void gais_gat_input_gradient(long rowLo, long rowHi, long inputWidth, long width,
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
