import GAISCore
