// The umbrella module: `import GAIS` brings in the whole library.
@_exported import GAISCore
@_exported import GAISData
@_exported import GAISNeighbors
@_exported import GAISSelectors
@_exported import GAISGraph
@_exported import GAISNetwork
@_exported import GAISScoring
@_exported import GAISEvaluation
@_exported import GAISReports
