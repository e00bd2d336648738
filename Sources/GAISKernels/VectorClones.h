// What the multi-versioned float kernels share: the clone list, the vector types they compute
// with (lane-wise arithmetic, so every clone gives the same bits) and the lane-order squared
// distance. Internal to GAISKernels (not in include/).
#ifndef GAIS_VECTOR_CLONES_H
#define GAIS_VECTOR_CLONES_H

// The AVX2 clone names the x86-64-v3 feature level, not a CPU: the resolver tests "arch=haswell"
// with __builtin_cpu_is, which is false on every other CPU model (AMD's included), so CPUs with
// AVX2 but no AVX-512 ran the baseline clone (BENCHMARKS.md, "An AMD machine without AVX-512").
// The other clone lists (NetworkKernels.c, FloatExp.c, ContentScan.c) do the same.
#if defined(__x86_64__) && defined(__linux__)
#define GAIS_FLOAT_CLONES __attribute__((target_clones("avx512f", "arch=x86-64-v3", "default")))
#else
#define GAIS_FLOAT_CLONES
#endif

typedef float gais_v8f __attribute__((vector_size(32)));
typedef int gais_v8i __attribute__((vector_size(32)));
typedef float gais_v16f __attribute__((vector_size(64)));
typedef int gais_v16i __attribute__((vector_size(64)));

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

// SquaredDistance.vectorised's sum, bit for bit: eight lanes, lane l summing (a_j − b_j)² over
// j ≡ l mod 8 in order (multiply, then add), the lanes added in order 0…7, then the remaining
// d mod 8 terms one by one.
static inline __attribute__((always_inline)) float gais_lane_order_distance(const float *a, const float *b, long d) {
    gais_v8f acc = {0, 0, 0, 0, 0, 0, 0, 0};
    long j = 0;
    for (; j + 8 <= d; j += 8) {
        gais_v8f x, y;
        __builtin_memcpy(&x, a + j, sizeof x);
        __builtin_memcpy(&y, b + j, sizeof y);
        const gais_v8f difference = x - y;
        acc = acc + difference * difference;
    }
    float sum = acc[0];   // −0 + acc[0] is acc[0] exactly
    for (int l = 1; l < 8; l++) sum = sum + acc[l];
    for (; j < d; j++) {
        const float difference = a[j] - b[j];
        sum = sum + difference * difference;
    }
    return sum;
}

#endif
