#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
// Exhaustive check of gais_expf against the C library's expf over all 2^32 inputs:
//   clang -O2 -I Sources/GAISKernels/include scripts/check_expf.c Sources/GAISKernels/FloatExp.c -lm \
//     -o /tmp/check_expf && /tmp/check_expf
// (add -U__linux__ to check the portable path, which calls the C library's fma()).
float gais_expf(float); void gais_expf_array(float*, long);
int main(void) {
    static float buf[1 << 16], ref[1 << 16];
    long bad = 0, badArr = 0;
    for (uint64_t hi = 0; hi < (1u << 16); hi++) {
        for (uint32_t lo = 0; lo < (1u << 16); lo++) {
            uint32_t b = (uint32_t)(hi << 16 | lo); float x; memcpy(&x, &b, 4);
            buf[lo] = x; ref[lo] = expf(x);
        }
        for (uint32_t lo = 0; lo < (1u << 16); lo++) {
            float y = gais_expf(buf[lo]);
            if (memcmp(&y, &ref[lo], 4) != 0 && !(isnan(y) && isnan(ref[lo]))) { if (bad < 5) printf("scalar %a: %a vs %a\n", buf[lo], y, ref[lo]); bad++; }
        }
        gais_expf_array(buf, 1 << 16);
        for (uint32_t lo = 0; lo < (1u << 16); lo++) {
            if (memcmp(&buf[lo], &ref[lo], 4) != 0 && !(isnan(buf[lo]) && isnan(ref[lo]))) { if (badArr < 5) printf("array %x: %a vs %a\n", (unsigned)(hi<<16|lo), buf[lo], ref[lo]); badArr++; }
        }
    }
    printf("mismatches scalar %ld array %ld\n", bad, badArr);
    return 0;
}
