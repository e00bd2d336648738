#ifndef GAIS_NETWORK_KERNELS_H
#define GAIS_NETWORK_KERNELS_H

#include <stdint.h>

// Float kernels of one graph attention layer (GAISNetwork's AttentionLayer). Each performs
// exactly the arithmetic of the generic Swift reference, in the same order and without fused
// multiply-adds, so its results are bit-identical to it; they exist because the same loops in
// C run several times faster. Row-range kernels may run concurrently on disjoint ranges.
// Layouts: nodes × (heads · headWidth) row-major for node tensors, edges × heads for edge
// tensors, CSR rows `rowStart` (n + 1 entries) with sender `source[p]` for edge p.

/// e^x, bit for bit as glibc's expf with fused multiply-adds (see FloatExp.c), on any CPU.
float gais_expf(float x);

/// values[i] = gais_expf(values[i]) for i in [0, count), vectorised.
void gais_expf_array(float *values, long count);

/// ELU in place: values[i] = values[i] > 0 ? values[i] : gais_expf(values[i]) − 1.
void gais_gat_elu(float *values, long count);

/// Backward through ELU: g[k] stays where before[k] > 0, else becomes g[k] · (after[k] + 1)
/// (ELU'(x) = e^x = ELU(x) + 1 for x ≤ 0); `before` is ELU's input, `after` its output.
void gais_gat_elu_backward(float *g, const float *before, const float *after, long count);

/// out[i] = x[i] · W for rows [rowLo, rowHi); out rows must be zero on entry.
void gais_gat_project(long rowLo, long rowHi, long inputWidth, long width,
                      const float *x, const float *weight, float *out);

/// Per-node attention halves s = a_srcᵀ z and t = a_dstᵀ z, per head, for rows [rowLo, rowHi).
void gais_gat_attention_halves(long rowLo, long rowHi, long heads, long headWidth, const float *z,
                               const float *attentionSource, const float *attentionTarget,
                               float *s, float *t);

/// Segment softmax of LeakyReLU(s_j + t_i) over each row's edges, then out_i = bias +
/// Σ_j α_ij z_j, for rows [rowLo, rowHi). `mask` (edges × heads dropout multipliers) and
/// `dropped` are both NULL or both set.
void gais_gat_attention_forward(long rowLo, long rowHi, const long *rowStart, const int32_t *source,
                                const float *z, const float *s, const float *t, long heads,
                                long headWidth, const float *mask, float slope, const float *bias,
                                float *logits, float *attention, float *dropped, float *out);

/// Bias gradient: column sums of g (n × width) added to bias, in node order.
void gais_gat_column_sums(long n, long width, const float *g, float *bias);

/// z (n × heads·headWidth, head-major rows) with each row reordered feature-major:
/// zByFeature[j·width + f·heads + h] = z[j·width + h·headWidth + f].
void gais_gat_transpose_heads(long n, long heads, long headWidth, const float *z, float *zByFeature);

/// Backward through the messages' attention weights, softmax and LeakyReLU for rows
/// [rowLo, rowHi): de (edges × heads) and its row sums dt (n × heads). zByFeature is z as
/// `gais_gat_transpose_heads` reorders it, or NULL; only the 4-heads-of-8 path reads it (without
/// it that shape takes the general loop, with the same results).
void gais_gat_backward_logits(long rowLo, long rowHi, const long *rowStart, const int32_t *source,
                              const float *z, const float *zByFeature, const float *g,
                              const float *attention, const float *logits, const float *mask,
                              long heads, long headWidth, float slope, float *de, float *dt);

/// ∂z and ∂s for sending nodes [nodeLo, nodeHi), gathered over the edges each sends; dz and
/// ds must be zero on entry.
void gais_gat_backward_gather(long nodeLo, long nodeHi, const long *outgoingStart,
                              const int32_t *outgoingEdge, const int32_t *target,
                              const float *attention, const float *g, const float *de,
                              const float *dt, const float *attentionSource,
                              const float *attentionTarget, long heads, long headWidth,
                              float *ds, float *dz);

/// Attention-vector gradients Σ_j ∂s_j z_j and Σ_i ∂t_i z_i over all n nodes, in node order.
void gais_gat_attention_vector_gradients(long n, long heads, long headWidth, const float *z,
                                         const float *ds, const float *dt,
                                         float *gradientSource, float *gradientTarget);

/// ∂W rows [kLo, kHi) += Σ_i x[i][k] ∂z[i] over all n nodes in order (zero inputs skipped).
void gais_gat_weight_gradient(long kLo, long kHi, long n, long inputWidth, long width,
                              const float *x, const float *dz, float *dw);

/// ∂x = ∂z Wᵀ for rows [rowLo, rowHi).
void gais_gat_input_gradient(long rowLo, long rowHi, long inputWidth, long width,
                             const float *dz, const float *weight, float *dx);

#endif
