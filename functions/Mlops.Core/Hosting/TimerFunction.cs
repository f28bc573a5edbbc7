namespace Mlops.Core.Hosting;

/// <summary>A timer-triggered function. The schedule is a six-field NCRONTAB (seconds first) read from a setting.</summary>
/// <param name="Name">The function name.</param>
/// <param name="ScheduleSetting">The app setting that holds the schedule, e.g. <c>Drift__Schedule</c>; the Functions
/// attribute spells it <c>%Drift__Schedule%</c>.</param>
/// <param name="DefaultSchedule">The schedule when the setting is absent.</param>
public sealed record TimerFunction(string Name, string ScheduleSetting, string DefaultSchedule);
