Console.Error.WriteLine("Studio sandbox: not built yet");
return 2;
