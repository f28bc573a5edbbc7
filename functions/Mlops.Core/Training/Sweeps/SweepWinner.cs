using Mlops.Core.Training.Experiments;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Sweeps;

/// <summary>The candidate a sweep chose: its run record, the trained model and its ONNX bytes.</summary>
internal sealed record SweepWinner(ExperimentRun Run, TrainedModel Model, byte[] Onnx, double Value);
