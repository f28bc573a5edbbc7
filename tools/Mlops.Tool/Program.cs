using Mlops.Tool;

return await ToolCommands.RunAsync(args, Console.Out, Console.Error);
