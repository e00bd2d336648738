"""include/gais.h matches the library: a C program compiled against the header selects rows,
reads an error back, and frees everything (skipped without a C compiler)."""

import os
import shutil
import subprocess

import pytest

import gais
from conftest import REPO

PROGRAM = r"""
#include <stdio.h>
#include <string.h>
#include "gais.h"

int main(void) {
    float x[40 * 2];
    int32_t labels[40];
    const char *classes[] = {"b", "a"};
    const int32_t codes[40] = {0};
    for (int i = 0; i < 40; i++) { x[2 * i] = (float)(i % 7); x[2 * i + 1] = (float)(i % 5) * 0.5f; labels[i] = i % 2; }
    int64_t *kept = NULL, count = 0;
    float *scores = NULL;
    char *report = NULL;
    if (gais_select(x, GAIS_DTYPE_FLOAT32, 40, 2, NULL, 0, NULL, NULL, NULL, labels, 40, classes, 2, "y",
                    "random", "keep-ratio=0.25", 7, 1, NULL, NULL, &kept, &count, &scores, &report) != 0) {
        printf("select failed: %s\n", gais_last_error());
        return 1;
    }
    printf("kept %lld first %lld scores %s report %d\n", (long long)count, (long long)kept[0],
           scores ? "yes" : "no", strstr(report, "\"kept_rows\": 10") != NULL);
    gais_free(kept); gais_free(scores); gais_free(report);
    if (gais_select(x, GAIS_DTYPE_FLOAT32, 40, 2, codes, 1, NULL, NULL, NULL, labels, 40, classes, 2, NULL,
                    "enn", NULL, 0, 0, NULL, NULL, &kept, &count, NULL, NULL) == 0) return 2;
    printf("error: %s\n", gais_last_error());
    char *json = NULL;
    if (gais_methods_json(&json) != 0) return 3;
    printf("version %s methods %d\n", gais_version(), strstr(json, "\"name\": \"lsbo\"") != NULL);
    gais_free(json);
    return 0;
}
"""


def test_c_program_against_the_header(tmp_path):
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        pytest.skip("no C compiler")
    library = os.environ.get("GAIS_LIBRARY") or os.path.join(os.path.dirname(gais.__file__), "libgais.so")
    source = tmp_path / "main.c"
    source.write_text(PROGRAM)
    binary = tmp_path / "main"
    subprocess.run([compiler, "-std=c99", "-Wall", "-Werror", "-I", os.path.join(REPO, "include"), str(source),
                    library, "-Wl,-rpath," + os.path.dirname(library), "-o", str(binary)], check=True)
    output = subprocess.run([str(binary)], check=True, capture_output=True, text=True).stdout.splitlines()
    assert output[0] == "kept 10 first " + output[0].split()[3] + " scores no report 1"
    assert output[1] == "error: category_counts is NULL but 1 values are expected"
    assert output[2] == f"version {gais.engine_version()} methods 1"
