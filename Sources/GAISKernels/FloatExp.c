// e^x for Float, the network's only transcendental in its hot loops.
//
// The algorithm, constants and special cases are those of glibc's expf (Szabolcs Nagy's
// exp2f/expf of 2017, sysdeps/ieee754/flt-32/e_expf.c; glibc ≥ 2.27) as built with fused
// multiply-adds (__expf_fma, what glibc runs on any x86-64 CPU with FMA): x·N/ln2 = k + r
// with N = 32, 2^(k/N) from a 32-entry table, 2^(r/N) by a cubic, all in double. Written with
// explicit fma() it gives the same bits on every machine (software fma where the CPU has
// none), and as plain branch-free C it vectorises, eight values at a time with AVX-512.
// KernelAgreementTests check it against the C library's expf; an exhaustive run over all
// 2^32 inputs (scripts/check_expf.c) found no difference, with and without FMA hardware.
#include "GAISNetworkKernels.h"
#include "FloatExpBody.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__) && defined(__linux__)
#define GAIS_EXP_CLONES __attribute__((target_clones("avx512f", "arch=x86-64-v3", "default")))
#else
#define GAIS_EXP_CLONES
#endif

GAIS_EXP_CLONES float gais_expf(float x) { return gais_exp_inline(x); }

GAIS_EXP_CLONES void gais_expf_array(float *values, long count) {
    for (long i = 0; i < count; i++) values[i] = gais_exp_inline(values[i]);
}
