#!/usr/bin/env python3
"""Check that GAIS's classifiers agree with scikit-learn's on the same folds.

For each bundled numeric dataset, scikit-learn's StratifiedKFold (10 folds, shuffled,
random_state=0) assigns a fold to every row; the assignment is written to a file with one fold
number per row, and GAIS is run on exactly those folds with

    .build/release/gais evaluate DATA --folds-file FOLDS \
        --classifiers knn1,knn5,nb,lr,tree,forest --json OUT

whose JSON must contain {"accuracy": {classifier: mean accuracy over the folds}, ...}. On the
scikit-learn side every fold is min-max scaled on its training rows (as GAIS does) and scored
with KNeighborsClassifier(1), KNeighborsClassifier(5), GaussianNB(), LogisticRegression(C=1),
DecisionTreeClassifier() and RandomForestClassifier(100). Mean accuracies must agree within
2 points for k-NN, 3 for nb and forest, 4 for lr and tree.

Usage (from the repository root, after `swift build -c release`):

    python3 scripts/compare_sklearn_classifiers.py [--gais .build/release/gais] [--datasets iris,wine]

Last run (2026-11-30, real `gais evaluate` CLI, scikit-learn 1.9.1, 9 default datasets): every
figure within tolerance; k-NN, nb and lr equal to scikit-learn's to ±0.13 points (mostly exactly),
tree within ±1.8 (largest +1.76 on bupa), forest within ±0.9 (largest -0.86 on bupa):

    dataset        knn1   knn5     nb     lr   tree  forest   (GAIS minus scikit-learn, points)
    iris          +0.00  +0.00  +0.00  +0.00  +0.00  +0.67
    wine          +0.00  +0.00  +0.00  +0.00  -1.14  +0.59
    pima          -0.00  +0.00  -0.00  +0.00  +0.64  -0.00
    wdbc          +0.00  +0.00  +0.00  +0.00  +1.41  +0.70
    segment       +0.00  +0.13  +0.00  +0.00  -0.35  -0.13
    bupa          +0.00  +0.00  +0.00  +0.00  +1.76  -0.86
    ionosphere    +0.00  +0.00  +0.00  +0.00  +1.13  +0.29
    banana        -0.02  +0.00  +0.00  -0.02  -0.21  +0.15
    phoneme       +0.00  +0.00  +0.00  +0.02  +0.13  -0.17

`--gais` may name any program accepting the `evaluate` arguments above (the first argument
`evaluate` is omitted when the program's name does not end in `gais`). Exit status 1 when a
difference exceeds its tolerance.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

TOLERANCE = {"knn1": 2.0, "knn5": 2.0, "nb": 3.0, "forest": 3.0, "lr": 4.0, "tree": 4.0}
CLASSIFIERS = ["knn1", "knn5", "nb", "lr", "tree", "forest"]
DEFAULT_DATASETS = ["iris", "wine", "pima", "wdbc", "segment", "bupa", "ionosphere", "banana", "phoneme"]


def ensure_sklearn():
    try:
        import sklearn  # noqa: F401
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "scikit-learn"])


def load(path):
    import numpy as np
    rows = []
    labels = []
    with open(path) as f:
        for line in f:
            parts = [p.strip() for p in line.strip().split(",")]
            if len(parts) < 2:
                continue
            rows.append([float(p) for p in parts[:-1]])
            labels.append(parts[-1])
    return np.array(rows, dtype=np.float64), np.array(labels)


def sklearn_model(name):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.tree import DecisionTreeClassifier
    if name.startswith("knn"):
        return KNeighborsClassifier(n_neighbors=int(name[3:]))
    return {
        "nb": GaussianNB(),
        "lr": LogisticRegression(C=1.0, max_iter=1000),
        "tree": DecisionTreeClassifier(random_state=0),
        "forest": RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=-1),
    }[name]


def sklearn_accuracies(x, y, folds):
    import numpy as np
    from sklearn.preprocessing import MinMaxScaler
    scores = {name: [] for name in CLASSIFIERS}
    for fold in sorted(set(folds.tolist())):
        test = folds == fold
        scaler = MinMaxScaler().fit(x[~test])
        xtrain, xtest = scaler.transform(x[~test]), scaler.transform(x[test])
        for name in CLASSIFIERS:
            model = sklearn_model(name).fit(xtrain, y[~test])
            scores[name].append(float(np.mean(model.predict(xtest) == y[test])))
    return {name: 100 * float(np.mean(v)) for name, v in scores.items()}


def gais_accuracies(gais, data_path, folds, workdir):
    folds_path = os.path.join(workdir, "folds.txt")
    out_path = os.path.join(workdir, "out.json")
    with open(folds_path, "w") as f:
        f.write("\n".join(str(int(v)) for v in folds) + "\n")
    command = [gais]
    if os.path.basename(gais).endswith("gais"):
        command.append("evaluate")
    command += [data_path, "--folds-file", folds_path, "--classifiers", ",".join(CLASSIFIERS), "--json", out_path]
    subprocess.check_call(command)
    with open(out_path) as f:
        report = json.load(f)
    return {name: 100 * float(v) for name, v in report["accuracy"].items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gais", default=".build/release/gais")
    parser.add_argument("--datasets", default=",".join(DEFAULT_DATASETS))
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = parser.parse_args()
    ensure_sklearn()
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    failures = 0
    header = "dataset".ljust(12) + "".join(f"{name:>22}" for name in CLASSIFIERS)
    print("accuracy % — GAIS / scikit-learn (difference)")
    print(header)
    with tempfile.TemporaryDirectory() as workdir:
        for name in args.datasets.split(","):
            path = os.path.join(args.root, "Datasets", "keel", name + ".csv")
            x, y = load(path)
            folds = np.zeros(len(y), dtype=int)
            splitter = StratifiedKFold(n_splits=10, shuffle=True, random_state=0)
            for fold, (_, test) in enumerate(splitter.split(x, y)):
                folds[test] = fold
            ours = gais_accuracies(args.gais, path, folds, workdir)
            theirs = sklearn_accuracies(x, y, folds)
            line = name.ljust(12)
            for clf in CLASSIFIERS:
                diff = ours[clf] - theirs[clf]
                flag = "" if abs(diff) <= TOLERANCE[clf] else " !"
                failures += bool(flag)
                line += f"{ours[clf]:7.2f}/{theirs[clf]:6.2f} ({diff:+5.2f}){flag}".rjust(22)
            print(line, flush=True)
    print("all within tolerance" if failures == 0 else f"{failures} difference(s) beyond tolerance")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
