"""scikit-learn / imbalanced-learn conventions: imbalanced-learn's own estimator checks, use in
an imblearn Pipeline, get_params/set_params/clone, parameters generated from the engine's."""

import inspect

import numpy as np
import pytest

import gais
import gais._lib as lib
from gais.samplers import SAMPLERS

pytest.importorskip("sklearn")
imblearn = pytest.importorskip("imblearn")
from imblearn.pipeline import Pipeline  # noqa: E402
from imblearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402
from sklearn.base import clone  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

# The checks run each sampler many times on small data (30 to 1,000 rows). GAIS trains 20
# epochs instead of 200 there, and the samplers that take a size (gais, random, prototypes,
# facility, kcenter) keep half of each class instead of 4 %: check_samplers_string and check_samplers_nan assert that every category (and a NaN)
# of a 30- or 100-row sample survives, which 4 % (one or two rows per class) cannot promise.
FAST = [gais.GAISSampler(keep_ratio=0.5, random_state=0),
        gais.GAISSampler(rule="cover", epochs=20, keep_ratio=0.5, random_state=0),
        gais.GAISSampler(graph="lsh", epochs=20, keep_ratio=0.5, random_state=0),
        gais.RandomSampler(keep_ratio=0.5, random_state=0),
        gais.PrototypesSampler(keep_ratio=0.5, random_state=0),
        gais.FacilityLocationSampler(keep_ratio=0.5, random_state=0),
        gais.KCenterSampler(keep_ratio=0.5, random_state=0)]
SIZED = ("GAISSampler", "RandomSampler", "PrototypesSampler", "FacilityLocationSampler", "KCenterSampler")
INSTANCES = FAST + [cls(random_state=0) for name, cls in SAMPLERS.items() if name not in SIZED]


@parametrize_with_checks(INSTANCES)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


def test_every_check_ran_without_expected_failures():
    from imblearn.utils.estimator_checks import estimator_checks_generator
    names = [c.func.__name__ for _, c in estimator_checks_generator(gais.ENNSampler(), mark=None)]
    # None is marked or skipped: the tags say what the samplers accept (sparse, DataFrames,
    # strings, NaN), so the checks for those inputs run too.
    for expected in ["check_samplers_sparse", "check_samplers_pandas", "check_samplers_string", "check_samplers_nan",
                     "check_samplers_preserve_dtype", "check_samplers_sample_indices",
                     "check_sampler_get_feature_names_out_pandas"]:
        assert expected in names


def test_parameters_are_the_engines():
    catalog = {m["name"]: m for m in lib.methods()}
    for name, cls in SAMPLERS.items():
        signature = inspect.signature(cls.__init__)
        own = [p for p in signature.parameters if p not in ("self", "graph", "random_state", "n_jobs", "verbose")]
        methods = cls._method_names
        engine = []
        for method in methods:
            for p in catalog[method]["parameters"]:
                if p["name"].replace("-", "_") not in engine:
                    engine.append(p["name"].replace("-", "_"))
        assert own == engine, name
        for p in catalog[methods[0]]["parameters"]:
            default = signature.parameters[p["name"].replace("-", "_")].default
            # A default the methods disagree on (GAIS's rule: centroid for gais, cover for the
            # graph variants) is None: each method then keeps its own.
            disagree = len({q["default"] for m in methods for q in catalog[m]["parameters"] if q["name"] == p["name"]}) > 1
            if p["default"] is None or disagree:
                assert default is None
            else:
                assert str(default).lower() == p["default"] or float(default) == float(p["default"]), (name, p)


def test_get_set_params_and_clone():
    sampler = gais.GAISSampler(batch_size=256, graph="chunk")
    params = sampler.get_params()
    assert params["batch_size"] == 256 and params["graph"] == "chunk" and params["keep_ratio"] == 0.04
    sampler.set_params(window=500, n_jobs=1)
    copy = clone(sampler)
    assert copy.get_params() == sampler.get_params()
    assert sampler._settings() == "batch-size=256,window=500"


def test_pipeline_step(blobs):
    X, y = blobs
    for sampler in [gais.GAISSampler(random_state=0), gais.ENNSampler(), gais.CNNSampler()]:
        model = Pipeline([("scale", StandardScaler()), ("select", sampler), ("knn", KNeighborsClassifier(1))])
        model.fit(X, y)
        assert model.score(X, y) > 0.5
        assert len(model.named_steps["select"].sample_indices_) < len(X)


def test_labels_of_any_hashable_type_come_back_as_given(blobs):
    X, y = blobs
    names = np.array(["cat", "dog", "emu"], dtype=object)[y]
    tuples = [("t", int(v)) for v in y]
    for labels in [names, list(names), tuples, y.astype(np.int8), y + 0.0]:
        X_res, y_res = gais.RandomSampler(random_state=0, keep_ratio=0.1).fit_resample(X, labels)
        assert type(y_res) is type(labels)
        assert len(y_res) == len(X_res)
        kept = gais.RandomSampler(random_state=0, keep_ratio=0.1).fit(X, labels).sample_indices_
        assert [labels[i] for i in kept] == list(y_res)
