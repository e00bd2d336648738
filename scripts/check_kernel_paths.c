// Checks that the attention-layer kernels give the same bits whatever vector code the compiler
// makes of them: build this file three times (baseline x86-64, AVX2+FMA, AVX-512) with the
// run-time clones switched off (-U__linux__), run each, and compare the printed digests:
//   for flags in "" "-march=haswell" "-march=skylake-avx512"; do
//     clang -O2 $flags -U__linux__ -I Sources/GAISKernels/include scripts/check_kernel_paths.c \
//       Sources/GAISKernels/NetworkKernels.c Sources/GAISKernels/FloatExp.c -lm -o /tmp/kp && /tmp/kp
//   done
// Shapes: the specialised 4 × 8 and 1 × 5, and a generic 3 × 5, with and without dropout masks.
#include "GAISNetworkKernels.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 42;
static double uniform(void) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(state >> 11) / 9007199254740992.0;
}
static float *randoms(long n, double scale) {
    float *v = malloc(sizeof(float) * (n > 0 ? n : 1));
    for (long i = 0; i < n; i++) v[i] = (float)((uniform() * 2 - 1) * scale);
    return v;
}
static uint64_t digest = 1469598103934665603ULL;
static void mix(const float *v, long n) {
    const unsigned char *b = (const unsigned char *)v;
    for (long i = 0; i < n * 4; i++) { digest ^= b[i]; digest *= 1099511628211ULL; }
}

static void run(long n, long inputWidth, long heads, long headWidth, int masked) {
    const long width = heads * headWidth;
    long *rowStart = malloc(sizeof(long) * (n + 1));
    int32_t *source = malloc(sizeof(int32_t) * n * 12);
    long e = 0;
    for (long i = 0; i < n; i++) {
        rowStart[i] = e;
        source[e++] = (int32_t)i;
        for (long k = 0; k < 11; k++) source[e++] = (int32_t)(uniform() * n);
    }
    rowStart[n] = e;
    // Edges grouped by sender, in increasing edge order.
    long *outStart = calloc(n + 1, sizeof(long));
    int32_t *outEdge = malloc(sizeof(int32_t) * e), *target = malloc(sizeof(int32_t) * e);
    for (long i = 0; i < n; i++) for (long p = rowStart[i]; p < rowStart[i + 1]; p++) target[p] = (int32_t)i;
    for (long p = 0; p < e; p++) outStart[source[p] + 1]++;
    for (long j = 0; j < n; j++) outStart[j + 1] += outStart[j];
    long *fill = malloc(sizeof(long) * n);
    memcpy(fill, outStart, sizeof(long) * n);
    for (long p = 0; p < e; p++) outEdge[fill[source[p]]++] = (int32_t)p;

    float *x = randoms(n * inputWidth, 2), *w = randoms(inputWidth * width, 1);
    float *as = randoms(width, 3), *ad = randoms(width, 3), *bias = randoms(width, 0.5);
    float *mask = NULL, *dropped = NULL;
    if (masked) {
        mask = randoms(e * heads, 1);
        for (long k = 0; k < e * heads; k++) mask[k] = mask[k] > 0 ? 1.25f : 0;
        dropped = calloc(e * heads, sizeof(float));
    }
    float *z = calloc(n * width, sizeof(float)), *s = calloc(n * heads, sizeof(float));
    float *t = calloc(n * heads, sizeof(float)), *logits = calloc(e * heads, sizeof(float));
    float *attention = calloc(e * heads, sizeof(float)), *out = calloc(n * width, sizeof(float));
    gais_gat_project(0, n, inputWidth, width, x, w, z);
    gais_gat_attention_halves(0, n, heads, headWidth, z, as, ad, s, t);
    gais_gat_attention_forward(0, n, rowStart, source, z, s, t, heads, headWidth, mask, 0.2f, bias,
                               logits, attention, dropped, out);
    mix(z, n * width); mix(logits, e * heads); mix(attention, e * heads); mix(out, n * width);
    if (masked) mix(dropped, e * heads);
    float *hidden = malloc(sizeof(float) * n * width);
    memcpy(hidden, out, sizeof(float) * n * width);
    gais_gat_elu(hidden, n * width);
    mix(hidden, n * width);

    float *g = randoms(n * width, 1), *gb = calloc(width, sizeof(float));
    float *de = calloc(e * heads, sizeof(float)), *dt = calloc(n * heads, sizeof(float));
    float *ds = calloc(n * heads, sizeof(float)), *dz = calloc(n * width, sizeof(float));
    float *gs = calloc(width, sizeof(float)), *gd = calloc(width, sizeof(float));
    float *dw = calloc(inputWidth * width, sizeof(float)), *dx = calloc(n * inputWidth, sizeof(float));
    float *eluGradient = malloc(sizeof(float) * n * width);
    memcpy(eluGradient, g, sizeof(float) * n * width);
    gais_gat_elu_backward(eluGradient, out, hidden, n * width);
    mix(eluGradient, n * width);
    gais_gat_column_sums(n, width, g, gb);
    float *zByFeature = malloc(sizeof(float) * n * width);
    gais_gat_transpose_heads(n, heads, headWidth, z, zByFeature);
    gais_gat_backward_logits(0, n, rowStart, source, z, zByFeature, g, attention, logits, mask, heads,
                             headWidth, 0.2f, de, dt);
    gais_gat_backward_gather(0, n, outStart, outEdge, target, masked ? dropped : attention, g, de, dt,
                             as, ad, heads, headWidth, ds, dz);
    gais_gat_attention_vector_gradients(n, heads, headWidth, z, ds, dt, gs, gd);
    gais_gat_weight_gradient(0, inputWidth, n, inputWidth, width, x, dz, dw);
    gais_gat_input_gradient(0, n, inputWidth, width, dz, w, dx);
    mix(gb, width); mix(de, e * heads); mix(dt, n * heads); mix(ds, n * heads); mix(dz, n * width);
    mix(gs, width); mix(gd, width); mix(dw, inputWidth * width); mix(dx, n * inputWidth);
}

int main(void) {
    run(300, 50, 4, 8, 0);
    run(300, 50, 4, 8, 1);
    run(257, 32, 1, 5, 0);
    run(129, 7, 3, 5, 1);
    float values[4096];
    for (int i = 0; i < 4096; i++) values[i] = (float)((uniform() * 2 - 1) * 120);
    gais_expf_array(values, 4096);
    mix(values, 4096);
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
