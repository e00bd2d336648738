// The body of gais_expf (see FloatExp.c), shared by the kernels that inline it in their loops.
#ifndef GAIS_FLOAT_EXP_BODY_H
#define GAIS_FLOAT_EXP_BODY_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF

// 2^(i/32) with i·2^47 subtracted from its bit pattern, so that adding k·2^47 (k = the rounded
// x·32/ln2) puts k/32 into the exponent.
static const uint64_t gais_exp_table[32] = {
    0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
    0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
    0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
    0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
    0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
    0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
    0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
    0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
};

static inline double from_bits(uint64_t bits) { double d; memcpy(&d, &bits, 8); return d; }
static inline uint64_t to_bits(double d) { uint64_t bits; memcpy(&bits, &d, 8); return bits; }
static inline uint32_t float_bits(float f) { uint32_t bits; memcpy(&bits, &f, 4); return bits; }
static inline float float_from_bits(uint32_t bits) { float f; memcpy(&f, &bits, 4); return f; }

static inline __attribute__((always_inline)) float gais_exp_inline(float x) {
    const double invLn2N = from_bits(0x40471547652b82fe);  // 32 / ln 2
    const double shift = from_bits(0x4338000000000000);    // 1.5 · 2^52: rounds to an integer
    const double c0 = from_bits(0x3ebc6af84b912394), c1 = from_bits(0x3f2ebfce50fac4f3);
    const double c2 = from_bits(0x3f962e42ff0c52d6);
    const double xd = (double)x;
    double kd = fma(invLn2N, xd, shift);
    const uint64_t ki = to_bits(kd);
    kd -= shift;
    const double r = fma(invLn2N, xd, -kd);
    const double s = from_bits(gais_exp_table[ki & 31] + (ki << 47));
    const double z = fma(c0, r, c1);
    const double r2 = r * r;
    double y = fma(c2, r, 1.0);
    y = fma(z, r2, y);
    float result = (float)(y * s);
    // |x| ≥ 88, infinities and NaN, as glibc: overflow to +inf above log(2^128), 0 below
    // log(2^-150), the smallest subnormal below log(2^-149), e^−∞ = 0, NaN stays NaN.
    const uint32_t bits = float_bits(x);
    const uint32_t top = (bits >> 20) & 0x7ff;
    if (top >= 0x42b) {
        const float overflowAbove = float_from_bits(0x42b17217), zeroBelow = float_from_bits(0xc2cff1b4);
        const float tinyBelow = float_from_bits(0xc2ce8ecf);
        float special = result;
        if (x < tinyBelow) special = float_from_bits(1);
        if (x < zeroBelow) special = 0.0f;
        if (x > overflowAbove) special = INFINITY;
        if (top >= 0x7f8) special = x + x;
        if (bits == 0xff800000) special = 0.0f;
        result = special;
    }
    return result;
}


#endif
