"""Samplers with scikit-learn / imbalanced-learn conventions, one per method.

Their parameters are not declared here: each class's constructor is generated at import from
the engine's own parameter list (gais_methods_json), with the engine's defaults, so every
parameter of `gais select --help` is a keyword here (`batch-size` spelled `batch_size`) and
none can drift. A parameter left at the engine's default is not passed; every other one is
passed as `key=value` and validated by the engine, whose message a bad value raises.
"""

import numpy as np

from . import _lib
from ._data import take_rows
from ._select import run, seed_of, settings_string, thread_count

try:  # scikit-learn is optional: without it the samplers carry their own get_params/set_params.
    from sklearn.base import BaseEstimator as _Base
    from sklearn.base import OneToOneFeatureMixin as _FeatureNames
    _HAVE_SKLEARN = True
except ImportError:  # pragma: no cover - exercised only without scikit-learn
    _HAVE_SKLEARN = False

    class _Base:
        @classmethod
        def _get_param_names(cls):
            import inspect
            return sorted(p.name for p in inspect.signature(cls.__init__).parameters.values()
                          if p.name != "self")

        def get_params(self, deep=True):
            return {name: getattr(self, name) for name in self._get_param_names()}

        def set_params(self, **params):
            valid = self._get_param_names()
            for key, value in params.items():
                if key not in valid:
                    raise ValueError(f"Invalid parameter {key!r} for estimator {self}. "
                                     f"Valid parameters are: {valid!r}.")
                setattr(self, key, value)
            return self

        def __repr__(self):
            return f"{type(self).__name__}()"

    class _FeatureNames:
        def get_feature_names_out(self, input_features=None):
            if input_features is not None:
                input_features = np.asarray(input_features, dtype=object)
                if len(input_features) != self.n_features_in_:
                    raise ValueError("input_features should have length equal to number of features")
                return input_features
            names = getattr(self, "feature_names_in_", None)
            if names is not None:
                return np.asarray(names, dtype=object)
            return np.asarray([f"x{i}" for i in range(self.n_features_in_)], dtype=object)

# The sampler's own parameters, beside the engine's.
COMMON = ("random_state", "n_jobs", "verbose")

GRAPHS = {"minibatch": "gais", "lsh": "gais-lsh", "lsh-multilevel": "gais-lsh-multilevel",
          "lsh-multiview": "gais-lsh-multiview", "chunk": "gais-chunk"}


def python_name(name):
    return name.replace("-", "_")


def python_default(parameter):
    """The engine's default (text) as a Python value of the parameter's kind."""
    text = parameter["default"]
    if text is None:
        return None
    kind = parameter["kind"]
    if kind == "integer":
        return int(text)
    if kind == "optional-integer":
        return text if text == parameter["none"] else int(text)
    if kind == "real":
        return float(text)
    if kind == "flag":
        return text == "true"
    return text


def engine_parameters(method_names):
    """(python name, engine name, default, description) of every parameter of the methods, in
    the engine's order; a default the methods disagree on becomes None."""
    catalog = {m["name"]: m for m in _lib.methods()}
    found = {}
    for method in method_names:
        for p in catalog[method]["parameters"]:
            entry = found.setdefault(p["name"], [python_name(p["name"]), p["name"], python_default(p), p, set()])
            if entry[2] != python_default(p):
                entry[2] = None
            entry[4].add(method)
    return [tuple(entry) for entry in found.values()]


def _same(value, default):
    """Whether `value` is the engine's default (a bool only equals a bool)."""
    if default is None:
        return False
    if isinstance(value, (bool, np.bool_)) or isinstance(default, bool):
        return isinstance(value, (bool, np.bool_)) and isinstance(default, bool) and bool(value) == default
    if isinstance(default, str) or isinstance(value, str):
        return value == default
    try:
        return bool(value == default)
    except (TypeError, ValueError):
        return False


def _make_init(names_and_defaults):
    """An __init__(self, *, name=default, …) that only stores its arguments (as scikit-learn
    requires), with a real signature for get_params and clone."""
    arguments = ", ".join(f"{name}={default!r}" for name, default in names_and_defaults)
    body = "".join(f"    self.{name} = {name}\n" for name, _ in names_and_defaults) or "    pass\n"
    namespace = {}
    exec(f"def __init__(self, *, {arguments}):\n{body}", namespace)  # noqa: S102 - names come from the engine
    return namespace["__init__"]


class _GAISBase(_FeatureNames, _Base):
    """What every sampler shares: fit_resample and the fitted attributes.

    Fitted attributes: ``sample_indices_`` (kept rows, ascending), ``scores_`` (per-row
    importance, GAIS only), ``report_`` (the engine's JSON report as a dict),
    ``sampling_strategy_`` (kept rows per class), ``n_features_in_``,
    ``feature_names_in_`` (DataFrame input with string column names).
    """

    _method_names = ()
    _parameters = ()  # (python name, engine name, default, description, methods)

    def _method(self):
        return self._method_names[0]

    def _settings(self):
        given = {}
        for python, engine, default, _, _ in self._parameters:
            value = getattr(self, python)
            if value is None or _same(value, default):
                continue
            given[engine] = value
        return settings_string(given)

    def fit_resample(self, X, y):
        """Selects rows of (X, y) and returns them: ``(X[kept], y[kept])`` in the input's own
        types (ndarray with its dtype, DataFrame/Series, sparse matrix, list)."""
        result = run(X, y, self._method(), self._settings(), seed=seed_of(self.random_state),
                     threads=thread_count(self.n_jobs), verbose=bool(self.verbose))
        indices = result.indices
        self.sample_indices_ = indices
        if result.scores is not None:
            self.scores_ = result.scores
        elif hasattr(self, "scores_"):
            del self.scores_
        self.report_ = result.report
        original = dict(zip(result.labels.names, result.labels.values))
        self.sampling_strategy_ = {original.get(entry["class"], entry["class"]): entry["kept"]
                                   for entry in result.report["classes"]}
        n_features = np.shape(X)[1] if not hasattr(X, "shape") else X.shape[1]
        self.n_features_in_ = int(n_features)
        columns = getattr(X, "columns", None)
        if columns is not None and all(isinstance(c, str) for c in columns):
            self.feature_names_in_ = np.asarray(list(columns), dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        return take_rows(X, indices), take_rows(y, indices)

    def fit(self, X, y):
        """Runs fit_resample and returns the sampler (its kept rows in ``sample_indices_``)."""
        self.fit_resample(X, y)
        return self

    def _more_tags(self):  # scikit-learn < 1.6
        return {"X_types": ["2darray", "sparse", "dataframe", "string"], "allow_nan": True,
                "sample_indices": True}

    def __sklearn_tags__(self):
        try:
            from imblearn.utils._tags import InputTags, SamplerTags, Tags
            from sklearn_compat.utils._tags import TargetTags
        except ImportError:
            tags = super().__sklearn_tags__()
            tags.input_tags.allow_nan = True
            tags.input_tags.sparse = True
            tags.input_tags.string = True
            return tags
        tags = Tags(estimator_type="sampler", target_tags=TargetTags(required=True), transformer_tags=None,
                    regressor_tags=None, classifier_tags=None, sampler_tags=SamplerTags(sample_indices=True))
        tags.input_tags = InputTags(two_d_array=True, sparse=True, dataframe=True, string=True,
                                    categorical=True, allow_nan=True)
        return tags


def _sampler(class_name, method_names, doc, extra=()):
    """A sampler class for `method_names` (the first is the default), its parameters generated
    from the engine's."""
    parameters = engine_parameters(method_names)
    names = [p[0] for p in parameters]
    clash = set(names) & (set(COMMON) | {e[0] for e in extra})
    if clash:  # pragma: no cover - would be a registry change to resolve here
        raise ImportError(f"engine parameters {sorted(clash)} clash with the sampler's own")
    lines = [doc, "", "Parameters (from the engine; None or the default: not passed)", "----------"]
    for python, engine, default, info, methods in parameters:
        scope = "" if len(methods) == len(method_names) else f" [{', '.join(sorted(methods))}]"
        condition = f" With {info['condition']}." if info["condition"] else ""
        lines.append(f"{python} : default={default!r}{scope}\n    {info['help']} Must be {info['rule']}.{condition}")
    for name, default, help_text in extra:
        lines.append(f"{name} : default={default!r}\n    {help_text}")
    lines += ["random_state : None, int, RandomState or Generator, default=None",
              "    Seed of the engine's seed tree (None: a fresh random seed).",
              "n_jobs : int or None, default=None",
              "    Worker threads (None or -1: every core). The kept rows do not depend on it.",
              "verbose : bool, default=False",
              "    Progress lines on stderr."]
    init = _make_init([(e[0], e[1]) for e in extra] + [(p[0], p[2]) for p in parameters]
                      + [("random_state", None), ("n_jobs", None), ("verbose", False)])
    cls = type(class_name, (_GAISBase,), {
        "__init__": init, "__doc__": "\n".join(lines), "__module__": "gais",
        "_method_names": tuple(method_names), "_parameters": tuple(parameters)})
    return cls


def _gais_method(self):
    if self.graph not in GRAPHS:
        raise ValueError(f"parameter 'graph' of GAISSampler must be one of {', '.join(GRAPHS)}, got {self.graph}")
    return GRAPHS[self.graph]


GAISSampler = _sampler(
    "GAISSampler", list(GRAPHS.values()),
    "GAIS (graph attention-based instance selection): keeps keep_ratio of each class.\n\n"
    "``graph`` chooses the graph builder: minibatch (default), lsh, lsh-multilevel, lsh-multiview, chunk.",
    extra=(("graph", "minibatch", "The graph builder: " + ", ".join(GRAPHS) + "."),))
# Only the chosen graph's parameters are judged by the engine: another graph's parameters at
# their defaults are not passed, a changed one is (and the engine says which graph it is for).
GAISSampler._method = _gais_method

_CLASSIC = [
    ("PrototypesSampler", "prototypes",
     "Per-class k-means medoids (k-means++, Lloyd until stable, best of several starts): no network."),
    ("FacilityLocationSampler", "facility", "Per-class facility location by lazy greedy: no network."),
    ("KCenterSampler", "kcenter", "Per-class greedy k-center (farthest-first traversal): no network."),
    ("RandomSampler", "random", "Stratified random subset of keep_ratio of each class."),
    ("CNNSampler", "cnn", "Condensed Nearest Neighbour (Hart 1968)."),
    ("ENNSampler", "enn", "Edited Nearest Neighbour (Wilson 1972): removes rows their neighbours' majority contradicts."),
    ("RENNSampler", "renn", "Repeated Edited Nearest Neighbour (Tomek 1976)."),
    ("AllKNNSampler", "allknn", "All-kNN (Tomek 1976)."),
    ("ICFSampler", "icf", "Iterative Case Filtering (Brighton & Mellish 2002)."),
    ("DROP3Sampler", "drop3", "DROP3 (Wilson & Martinez 2000)."),
    ("LSSmSampler", "lssm", "Local Set-based Smoother (Leyva et al. 2015)."),
    ("LSBoSampler", "lsbo", "Local Set Border selector (Leyva et al. 2015)."),
]

SAMPLERS = {"GAISSampler": GAISSampler}
for _name, _method, _doc in _CLASSIC:
    SAMPLERS[_name] = _sampler(_name, [_method], _doc)

# Every method of the engine has a sampler (a new method in the registry fails here loudly).
_covered = set(GRAPHS.values()) | {m for _, m, _ in _CLASSIC}
_missing = [m["name"] for m in _lib.methods() if m["name"] not in _covered]
if _missing:  # pragma: no cover
    raise ImportError(f"engine methods without a sampler: {_missing}")
