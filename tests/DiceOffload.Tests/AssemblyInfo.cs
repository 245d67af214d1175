// Several tests count the worker processes and temporary files that exist after a run;
// running test classes side by side would let one class see another's workers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
