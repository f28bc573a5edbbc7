using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Sweeps;

/// <summary>One model a sweep trains: a trainer and its effective parameters (given, sampled and defaults).</summary>
/// <param name="Index">The candidate's position in the sweep (its run id ends with it).</param>
/// <param name="TrainerIndex">The position of its trainer in the request's <c>trainers</c>.</param>
/// <param name="Trainer">The trainer.</param>
/// <param name="Parameters">Every parameter's effective value, by canonical name.</param>
internal sealed record SweepCandidate(int Index, int TrainerIndex, TrainerKind Trainer, IReadOnlyDictionary<string, double> Parameters);
