"""The visual form builder: pure operations on definition documents, a view model, its pages."""
